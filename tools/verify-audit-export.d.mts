/** Types of tools/verify-audit-export.mjs (the one implementation of the audit chain, shared with the core). */

export declare const CHAIN_VERSION: 'sha256-chain-v1';
export declare const EXPORT_FORMAT: 'authmaster-audit-export';
export declare const EXPORT_VERSION: 1;
export declare const SEAL_STREAM: 'audit-seals';
export declare const SEAL_EVENT_TYPE: 'AuditLogSealed';
export declare const SEAL_JWS_TYP: 'audit-seal+jwt';
export declare const SIGNING_KEYS_STREAM: 'signing-keys';
export declare const GENESIS_HEAD: string;
export declare const SEAL_CLAIMS: readonly string[];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The chained fields of an event. */
export interface ChainedEventFields {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: { readonly [key: string]: Json };
  readonly metadata: { readonly [key: string]: Json };
}

/** An event without its data, with the data's hash: how an export shows an event whose data it withholds. */
export interface ChainedEnvelope {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly metadata: { readonly [key: string]: Json };
  readonly data_sha256: string;
}

export interface SealClaims {
  readonly v: 1;
  readonly seq: number;
  readonly sealed_at: string;
  readonly first_position: string;
  readonly last_position: string;
  readonly first_event_id: string;
  readonly last_event_id: string;
  readonly count: number;
  readonly total: number;
  readonly head: string;
  readonly prev_seal: string;
}

export interface SealData extends SealClaims {
  readonly kid: string;
  readonly alg: string;
  readonly jws: string;
}

export interface VerificationKey {
  readonly kid: string;
  readonly alg: string;
  readonly jwk: { readonly [member: string]: string };
}

export interface ChainEntry {
  readonly position: string;
  /** Hex SHA-256 of the canonical event; required when `event` is left out. */
  readonly hash?: string;
  readonly event?: ChainedEventFields;
  readonly envelope?: ChainedEnvelope;
}

export type ProblemKind = 'malformed' | 'altered' | 'removed' | 'inserted' | 'reordered' | 'bad-seal' | 'bad-signature' | 'unknown-key' | 'truncated';

export interface VerificationProblem {
  readonly ok: false;
  /** The first bad position (a string: positions are not numbers on every store), or null for file-level problems. */
  readonly position: string | null;
  readonly kind: ProblemKind;
  readonly message: string;
  /** Export files: the line where the problem was found. */
  readonly line?: number;
}

export interface VerifiedSeal {
  readonly seq: number;
  readonly total: number;
  readonly hash: string;
  readonly position: string;
  readonly head: string;
}

export interface VerificationSummary {
  readonly ok: true;
  readonly events: number;
  readonly seals: number;
  /** Events covered by the last seal. */
  readonly sealed: number;
  readonly unsealedTail: number;
  readonly head: string;
  readonly lastSeal: VerifiedSeal | null;
  readonly kids: readonly string[];
}

export interface ExportSummary extends VerificationSummary {
  readonly issuer: string;
  readonly createdAt: string;
  readonly keys: readonly { readonly kid: string; readonly alg: string; readonly thumbprint: string }[];
}

export declare function canonicalJson(value: unknown): string;
export declare function canonicalFields(event: ChainedEventFields): ChainedEventFields;
export declare function dataHash(data: unknown): string;
export declare function envelopeOf(event: ChainedEventFields): ChainedEnvelope;
export declare function envelopeHash(envelope: ChainedEnvelope): string;
export declare function eventHash(fields: ChainedEventFields): string;
export declare function chainNext(head: string, hash: string, position: string): string;
export declare function sealClaims(data: SealClaims): SealClaims;
export declare function sealHash(jws: string): string;
export declare function jwkThumbprint(jwk: { readonly [member: string]: string }): string;
export declare function checkSealSignature(jws: string, key: VerificationKey, data: SealData): string | null;

export declare class AuditChainVerifier {
  constructor(options?: { readonly keys?: readonly VerificationKey[] });
  push(entry: ChainEntry): VerificationProblem | null;
  finish(): VerificationSummary;
}

export declare function verifyExportLines(lines: Iterable<string> | AsyncIterable<string>): Promise<ExportSummary | VerificationProblem>;
export declare function verifyExportFile(path: string): Promise<ExportSummary | VerificationProblem>;
export declare function describeResult(result: ExportSummary | VerificationSummary | VerificationProblem): string;
