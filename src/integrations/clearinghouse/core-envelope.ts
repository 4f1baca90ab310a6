import { cdata, escapeXml } from './xml.ts';

// The CAQH CORE Connectivity Rule vC2.2.0 (Phase II) real-time exchange: SOAP 1.2 over HTTP(S),
// a WS-Security UsernameToken in the header, and the CORE envelope metadata in the body.
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const CORE_NS = 'http://www.caqh.org/SOAP/WSDL/CORERule2.2.0.xsd';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSSE_PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
export const CORE_RULE_VERSION = '2.2.0';
export const PAYLOAD_TYPE_270 = 'X12_270_Request_005010X279A1';
export const PAYLOAD_TYPE_271 = 'X12_271_Response_005010X279A1';
/** PayloadType of a response that carries an envelope error instead of a payload. */
export const PAYLOAD_TYPE_ENVELOPE_ERROR = 'CoreEnvelopeError';
/** ErrorCode of a response that carries its payload. */
export const CORE_SUCCESS = 'Success';
/** SOAP 1.2 media type with the action of the CORE WSDL's real-time operation. */
export const SOAP_CONTENT_TYPE = 'application/soap+xml; charset=utf-8; action="RealTimeTransaction"';

/** The metadata every CORE real-time envelope carries, request or response. */
export interface CoreEnvelopeFields {
  payloadType: string;
  processingMode: 'RealTime';
  /** Unique per message (a UUID); the response repeats the request's. */
  payloadId: string;
  /** xs:dateTime in UTC. */
  timeStamp: string;
  senderId: string;
  receiverId: string;
  coreRuleVersion: string;
}

export interface CoreRealTimeRequest extends CoreEnvelopeFields {
  payload: string;
}

export interface CoreRealTimeResponse extends CoreEnvelopeFields {
  /** `Success`, or the envelope error (e.g. `PayloadIDRequired`, `UnAuthorized`). */
  errorCode: string;
  errorMessage: string;
  payload?: string;
}

export interface UsernameToken {
  username: string;
  password: string;
}

/** A SOAP 1.2 fault: Sender (the request is at fault) or Receiver, an optional subcode QName and a reason. */
export interface SoapFault {
  code: 'Sender' | 'Receiver';
  /** e.g. `wsse:FailedAuthentication`, `wsse:InvalidSecurity`. */
  subcode?: string;
  reason: string;
}

/** The CORE timestamp format: xs:dateTime in UTC to the second. */
export const coreTimeStamp = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

const field = (name: string, value: string): string => `<${name}>${escapeXml(value)}</${name}>`;

const envelope = (header: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="${SOAP12_NS}">${header ? `<soapenv:Header>${header}</soapenv:Header>` : ''}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

// The rule's examples put the body element in the CORE namespace and leave its children unqualified.
const coreBody = (element: string, fields: string): string => `<ns1:${element} xmlns:ns1="${CORE_NS}">${fields}</ns1:${element}>`;

const metadata = (f: CoreEnvelopeFields): string =>
  field('PayloadType', f.payloadType) + field('ProcessingMode', f.processingMode) + field('PayloadID', f.payloadId) + field('TimeStamp', f.timeStamp) +
  field('SenderID', f.senderId) + field('ReceiverID', f.receiverId) + field('CORERuleVersion', f.coreRuleVersion);

/** The SOAP request: UsernameToken (password as text, so send it over HTTPS only) and COREEnvelopeRealTimeRequest. */
export const realTimeRequestXml = (r: CoreRealTimeRequest, token: UsernameToken): string => {
  const security =
    `<wsse:Security xmlns:wsse="${WSSE_NS}"><wsse:UsernameToken>` +
    `<wsse:Username>${escapeXml(token.username)}</wsse:Username><wsse:Password Type="${WSSE_PASSWORD_TEXT}">${escapeXml(token.password)}</wsse:Password>` +
    '</wsse:UsernameToken></wsse:Security>';
  return envelope(security, coreBody('COREEnvelopeRealTimeRequest', `${metadata(r)}<Payload>${cdata(r.payload)}</Payload>`));
};

/** The SOAP response: COREEnvelopeRealTimeResponse with ErrorCode, ErrorMessage and the payload when there is one. */
export const realTimeResponseXml = (r: CoreRealTimeResponse): string =>
  envelope('', coreBody('COREEnvelopeRealTimeResponse', `${metadata(r)}${r.payload === undefined ? '' : `<Payload>${cdata(r.payload)}</Payload>`}${field('ErrorCode', r.errorCode)}${field('ErrorMessage', r.errorMessage)}`));

/** A SOAP 1.2 fault (WS-Security subcodes are qualified with the wsse prefix). */
export const soapFaultXml = (f: SoapFault): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="${SOAP12_NS}" xmlns:wsse="${WSSE_NS}"><soapenv:Body><soapenv:Fault>` +
  `<soapenv:Code><soapenv:Value>soapenv:${f.code}</soapenv:Value>${f.subcode ? `<soapenv:Subcode><soapenv:Value>${escapeXml(f.subcode)}</soapenv:Value></soapenv:Subcode>` : ''}</soapenv:Code>` +
  `<soapenv:Reason><soapenv:Text xml:lang="en">${escapeXml(f.reason)}</soapenv:Text></soapenv:Reason></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
