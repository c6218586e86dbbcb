import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'turnero:isPublic';

/** Marks a route (or controller) that anyone may call without logging in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
