import { z } from 'zod';
import {
  CORE_NS, CORE_SUCCESS, SOAP11_NS, SOAP12_NS, WSSE_NS, WSSE_PASSWORD_TEXT,
  type CoreRealTimeRequest, type CoreRealTimeResponse, type SoapFault, type UsernameToken,
} from './core-envelope.ts';
import { childrenNamed, readXml, safeName, type XmlElement } from './xml.ts';

/** Why an envelope could not be read: the element at fault and the rule it breaks (no values). */
export interface EnvelopeProblem {
  element: string;
  reason: string;
}

type Read<T> = ({ ok: true } & T) | ({ ok: false } & EnvelopeProblem);

const problem = (element: string, rule: string): { ok: false } & EnvelopeProblem => ({ ok: false, element, reason: `${element} ${rule}` });

/** The SOAP 1.2 Envelope: an optional Header and one Body holding exactly one element. */
export const readSoapEnvelope = (xml: string): Read<{ header?: XmlElement; content: XmlElement }> => {
  const doc = readXml(xml);
  if (!doc.ok) return { ok: false, element: '(document)', reason: doc.reason };
  const root = doc.root;
  if (root.local !== 'Envelope') return problem(safeName(root.local), 'is not a SOAP Envelope');
  if (root.ns === SOAP11_NS) return problem('Envelope', 'is SOAP 1.1; the CORE real-time exchange uses SOAP 1.2');
  if (root.ns !== SOAP12_NS) return problem('Envelope', 'is not in the SOAP 1.2 namespace');
  const stray = root.children.find((c) => c.ns !== SOAP12_NS || (c.local !== 'Header' && c.local !== 'Body'));
  if (stray) return problem(safeName(stray.local), 'is not allowed directly in the Envelope');
  const headers = childrenNamed(root, SOAP12_NS, 'Header');
  const bodies = childrenNamed(root, SOAP12_NS, 'Body');
  if (headers.length > 1) return problem('Header', 'appears more than once');
  if (bodies.length !== 1) return problem('Body', bodies.length ? 'appears more than once' : 'is missing');
  if (bodies[0]!.children.length !== 1) return problem('Body', 'must hold exactly one element');
  return { ok: true, ...(headers[0] ? { header: headers[0] } : {}), content: bodies[0]!.children[0]! };
};

const qnameLocal = (v: string): string => safeName(v.trim().slice(v.trim().indexOf(':') + 1));

/** A SOAP 1.2 Fault element: Code/Value, Code/Subcode/Value (kept as written, e.g. wsse:FailedAuthentication). */
export const readFault = (fault: XmlElement): SoapFault => {
  const code = childrenNamed(fault, SOAP12_NS, 'Code')[0];
  const value = code && childrenNamed(code, SOAP12_NS, 'Value')[0];
  const sub = code && childrenNamed(code, SOAP12_NS, 'Subcode')[0];
  const subValue = sub && childrenNamed(sub, SOAP12_NS, 'Value')[0];
  const reason = childrenNamed(fault, SOAP12_NS, 'Reason')[0];
  const text = reason && childrenNamed(reason, SOAP12_NS, 'Text')[0];
  return {
    code: value && qnameLocal(value.text) === 'Sender' ? 'Sender' : 'Receiver',
    ...(subValue ? { subcode: safeName(subValue.text.trim()) } : {}),
    reason: text?.text.trim() ?? '',
  };
};

export const isFault = (el: XmlElement): boolean => el.ns === SOAP12_NS && el.local === 'Fault';

/**
 * The text children of a CORE body element by local name. Children may be unqualified (the
 * rule's examples) or in the CORE namespace; anything else, repeated or nested is a problem.
 */
const fieldsOf = (el: XmlElement, allowed: readonly string[]): Read<{ fields: Record<string, string> }> => {
  const fields: Record<string, string> = {};
  for (const c of el.children) {
    if ((c.ns !== '' && c.ns !== CORE_NS) || !allowed.includes(c.local)) return problem(safeName(c.local), `is not an element of ${el.local}`);
    if (Object.hasOwn(fields, c.local)) return problem(c.local, 'appears more than once');
    if (c.children.length) return problem(c.local, 'must hold text, not elements');
    fields[c.local] = c.text;
  }
  return { ok: true, fields };
};

const required = z.string({ error: (i) => (i.input === undefined ? 'is missing' : 'must be text') }).trim().min(1, 'is empty');
const XS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

const MetadataSchema = z.object({
  PayloadType: required,
  ProcessingMode: required.refine((v) => v === 'RealTime', 'must be RealTime'),
  PayloadID: required.max(128, 'is longer than 128 characters'),
  TimeStamp: required.regex(XS_DATE_TIME, 'must be an xs:dateTime'),
  SenderID: required,
  ReceiverID: required,
  CORERuleVersion: required,
});

const ResponseSchema = MetadataSchema.extend({ ErrorCode: required, ErrorMessage: z.string().optional(), Payload: z.string().optional() }).superRefine((v, ctx) => {
  if (v.ErrorCode === CORE_SUCCESS && !v.Payload?.trim()) ctx.addIssue({ code: 'custom', path: ['Payload'], message: 'is missing although ErrorCode is Success' });
});

const RESPONSE_FIELDS = ['PayloadType', 'ProcessingMode', 'PayloadID', 'PayloadLength', 'TimeStamp', 'SenderID', 'ReceiverID', 'CORERuleVersion', 'Payload', 'ErrorCode', 'ErrorMessage'] as const;
const REQUEST_FIELDS = ['PayloadType', 'ProcessingMode', 'PayloadID', 'PayloadLength', 'TimeStamp', 'SenderID', 'ReceiverID', 'CORERuleVersion', 'Payload'] as const;

/** The first zod issue as a problem naming the element. */
const zodProblem = (e: z.ZodError): { ok: false } & EnvelopeProblem => {
  const i = e.issues[0]!;
  return problem(String(i.path[0] ?? '(element)'), i.message);
};

/**
 * Reads COREEnvelopeRealTimeResponse strictly, or the Fault the Body holds instead. Every
 * problem names the element (`PayloadID is missing`), never a value.
 */
export const readRealTimeResponse = (xml: string): Read<{ response: CoreRealTimeResponse }> | { ok: 'fault'; fault: SoapFault } => {
  const soap = readSoapEnvelope(xml);
  if (!soap.ok) return soap;
  if (isFault(soap.content)) return { ok: 'fault', fault: readFault(soap.content) };
  if (soap.content.ns !== CORE_NS || soap.content.local !== 'COREEnvelopeRealTimeResponse') return problem(safeName(soap.content.local), 'is not a COREEnvelopeRealTimeResponse of CORE rule 2.2.0');
  const f = fieldsOf(soap.content, RESPONSE_FIELDS);
  if (!f.ok) return f;
  const parsed = ResponseSchema.safeParse(f.fields);
  if (!parsed.success) return zodProblem(parsed.error);
  const v = parsed.data;
  return {
    ok: true,
    response: {
      payloadType: v.PayloadType, processingMode: 'RealTime', payloadId: v.PayloadID, timeStamp: v.TimeStamp, senderId: v.SenderID, receiverId: v.ReceiverID,
      coreRuleVersion: v.CORERuleVersion, errorCode: v.ErrorCode, errorMessage: v.ErrorMessage?.trim() ?? '', ...(v.Payload?.trim() ? { payload: v.Payload.trim() } : {}),
    },
  };
};

/** The UsernameToken of the WS-Security header, or the WS-Security fault subcode to answer. */
export const readUsernameToken = (header: XmlElement | undefined): { ok: true; token: UsernameToken } | { ok: false; subcode: string; reason: string } => {
  const security = header && childrenNamed(header, WSSE_NS, 'Security')[0];
  const token = security && childrenNamed(security, WSSE_NS, 'UsernameToken')[0];
  const username = token && childrenNamed(token, WSSE_NS, 'Username')[0];
  const password = token && childrenNamed(token, WSSE_NS, 'Password')[0];
  if (!username || !password) return { ok: false, subcode: 'wsse:InvalidSecurity', reason: 'the request has no WS-Security UsernameToken with a Username and a Password' };
  const type = password.attributes['Type'];
  if (type !== undefined && type !== WSSE_PASSWORD_TEXT) return { ok: false, subcode: 'wsse:UnsupportedSecurityToken', reason: 'only PasswordText passwords are supported' };
  return { ok: true, token: { username: username.text.trim(), password: password.text } };
};

/** The CORE envelope error code for a request field problem: `<Element>Required` or `<Element>Illegal`. */
const envelopeErrorCode = (e: z.ZodError): { errorCode: string; errorMessage: string } => {
  const i = e.issues[0]!;
  const element = String(i.path[0] ?? 'Payload');
  return { errorCode: `${element}${i.message === 'is missing' || i.message === 'is empty' ? 'Required' : 'Illegal'}`, errorMessage: `${element} ${i.message}` };
};

/** What a receiver reads from a real-time request, in the order it must act on it. */
export type RealTimeRequestRead =
  /** The SOAP is malformed or carries no usable UsernameToken: answer this fault. */
  | { kind: 'fault'; fault: SoapFault }
  /** Check the token first; then answer the CORE envelope error in a COREEnvelopeRealTimeResponse. */
  | { kind: 'envelope_error'; token: UsernameToken; errorCode: string; errorMessage: string; fields: Partial<Record<string, string>> }
  | { kind: 'request'; token: UsernameToken; request: CoreRealTimeRequest };

/**
 * Reads a real-time request on the receiving side: the SOAP structure and the WS-Security
 * header first (faults), then the CORE metadata (`<Element>Required` / `<Element>Illegal`).
 */
export const readRealTimeRequest = (xml: string): RealTimeRequestRead => {
  const sender = (reason: string, subcode?: string): RealTimeRequestRead => ({ kind: 'fault', fault: { code: 'Sender', reason, ...(subcode ? { subcode } : {}) } });
  const soap = readSoapEnvelope(xml);
  if (!soap.ok) return sender(soap.reason);
  const c = soap.content;
  if (c.ns !== CORE_NS || c.local !== 'COREEnvelopeRealTimeRequest') return sender(`${safeName(c.local)} is not a COREEnvelopeRealTimeRequest of CORE rule 2.2.0`);
  const token = readUsernameToken(soap.header);
  if (!token.ok) return sender(token.reason, token.subcode);
  const f = fieldsOf(c, REQUEST_FIELDS);
  if (!f.ok) return sender(f.reason);
  const parsed = MetadataSchema.extend({ Payload: required }).safeParse(f.fields);
  if (!parsed.success) return { kind: 'envelope_error', token: token.token, ...envelopeErrorCode(parsed.error), fields: f.fields };
  const v = parsed.data;
  return {
    kind: 'request',
    token: token.token,
    request: { payloadType: v.PayloadType, processingMode: 'RealTime', payloadId: v.PayloadID, timeStamp: v.TimeStamp, senderId: v.SenderID, receiverId: v.ReceiverID, coreRuleVersion: v.CORERuleVersion, payload: v.Payload },
  };
};
