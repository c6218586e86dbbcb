import { rutFromBody } from '@turnero/scheduling';

/** An applicant made up for one booking of a test: a valid RUT, a name, an address and a mobile number of its own. */
export interface TestApplicant {
  documentNumber: string;
  /** The RUT as the API stores it (digits and check digit). */
  normalized: string;
  fullName: string;
  email: string;
  /** E.164. */
  phone: string;
}

/**
 * A factory of fresh applicants (`${name} ${n}`, `${tag}.${n}@example.cl`, RUT body `documentBase + n`,
 * phone `+569${phoneBase + n}`), so each test of a file reads only its own messages.
 */
export function applicantFactory(options: { name: string; tag: string; documentBase: number; phoneBase: number }): () => TestApplicant {
  let n = 0;
  return () => {
    n += 1;
    const document = rutFromBody(options.documentBase + n);
    return {
      documentNumber: document.formatted,
      normalized: document.normalized,
      fullName: `${options.name} ${n}`,
      email: `${options.tag}.${n}@example.cl`,
      phone: `+569${options.phoneBase + n}`,
    };
  };
}
