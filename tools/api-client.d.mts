export declare const OPENAPI_FILE: string;
export declare const SCHEMA_FILE: string;
export declare function canonicalJson(document: unknown): string;
export declare function schemaSource(document: unknown): Promise<string>;
