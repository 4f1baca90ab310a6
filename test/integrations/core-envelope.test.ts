import { describe, expect, it } from 'vitest';
import {
  CORE_NS, readRealTimeRequest, readRealTimeResponse, realTimeRequestXml, realTimeResponseXml, WSSE_NS, type CoreRealTimeRequest,
} from '../../src/integrations/clearinghouse/index.ts';
import { cdata, escapeXml, readXml } from '../../src/integrations/clearinghouse/xml.ts';

const REQUEST: CoreRealTimeRequest = {
  payloadType: 'X12_270_Request_005010X279A1', processingMode: 'RealTime', payloadId: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6', timeStamp: '2024-03-04T14:00:00Z',
  senderId: 'MEDOFFICE', receiverId: 'PAYERSIM', coreRuleVersion: '2.2.0', payload: 'ISA*00*~GS*HS~ ]]> <not a tag> & more\nIEA*1*000000001~',
};

describe('CORE envelope: what we write reads back', () => {
  it('a request keeps its payload (CDATA with ]]> inside) and a password full of XML characters', () => {
    const token = { username: 'practice&co', password: 'p<a>ss"w\'o]]>rd&amp;' };
    expect(readRealTimeRequest(realTimeRequestXml(REQUEST, token))).toEqual({ kind: 'request', token, request: REQUEST });
  });

  it('a response with and without a payload', () => {
    const response = { ...REQUEST, payloadType: 'X12_271_Response_005010X279A1', errorCode: 'Success', errorMessage: 'None', payload: 'ISA*00*~' };
    expect(readRealTimeResponse(realTimeResponseXml(response))).toEqual({ ok: true, response });
    const error = { ...REQUEST, payloadType: 'CoreEnvelopeError', errorCode: 'PayloadIDRequired', errorMessage: 'PayloadID is missing' };
    const { payload: _p, ...withoutPayload } = error;
    expect(readRealTimeResponse(realTimeResponseXml(withoutPayload))).toEqual({ ok: true, response: withoutPayload });
  });

  it('accepts other prefixes, a default namespace, CORE-qualified children, comments and character references', () => {
    const xml = `<?xml version="1.0"?><!-- from another vendor --><e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Header/><e:Body>
      <COREEnvelopeRealTimeResponse xmlns="${CORE_NS}"><PayloadType>X12_271_Response_005010X279A1</PayloadType><ProcessingMode>RealTime</ProcessingMode>
      <PayloadID>p&#x2D;1</PayloadID><TimeStamp>2024-03-04T14:00:00.123-05:00</TimeStamp><SenderID>A&amp;B</SenderID><ReceiverID>C</ReceiverID>
      <CORERuleVersion>2.2.0</CORERuleVersion><Payload>ISA*00*<![CDATA[&lt;x~]]></Payload><ErrorCode>Success</ErrorCode><ErrorMessage/></COREEnvelopeRealTimeResponse></e:Body></e:Envelope>`;
    expect(readRealTimeResponse(xml)).toMatchObject({ ok: true, response: { payloadId: 'p-1', senderId: 'A&B', payload: 'ISA*00*&lt;x~', errorMessage: '' } });
  });
});

describe('the XML reader', () => {
  it('resolves namespaces and refuses what XML does not allow', () => {
    const r = readXml(`<a xmlns="urn:a" xmlns:w="${WSSE_NS}"><w:b c="1 &lt; 2">x&#65;<![CDATA[&amp;]]></w:b></a>`);
    expect(r).toEqual({ ok: true, root: { ns: 'urn:a', local: 'a', attributes: {}, text: '', children: [{ ns: WSSE_NS, local: 'b', attributes: { c: '1 < 2' }, children: [], text: 'xA&amp;' }] } });
    expect(readXml('<a>Tom & Jerry</a>')).toEqual({ ok: false, reason: 'the document is not well-formed XML (line 1)' });
    expect(readXml('<a>&nbsp;</a>')).toEqual({ ok: false, reason: "the document has an ampersand that is not one of XML's entities or a character reference" });
    expect(readXml('<a b="&#0;"/>').ok).toBe(false);
    expect(readXml('<a/><b/>')).toEqual({ ok: false, reason: 'the document must have exactly one root element' });
    expect(readXml('<a><b></a>')).toEqual({ ok: false, reason: 'the document is not well-formed XML (line 1)' });
  });

  it('escapes text and attribute values, and CDATA cannot be closed early', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    const r = readXml(`<p>${cdata('a]]>b]]>')}</p>`);
    expect(r.ok && r.root.text).toBe('a]]>b]]>');
  });
});
