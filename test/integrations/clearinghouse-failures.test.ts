import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/shared/index.ts';
import {
  CORE_NS, createPayerSimulator, interpretRealTimeAnswer, parsePayerConnection, PAYLOAD_TYPE_271, readRealTimeResponse, realTimeRequestXml, realTimeResponseXml, soapFaultXml,
  type PayerSimulator,
} from '../../src/integrations/clearinghouse/index.ts';
import { PPO_DEDUCTIBLE_271 } from '../../src/x12/testing/fixtures-271.ts';
import { inquiryFor, inquiryInput, NOW, realtime, testGateway } from './clearinghouse-fixtures.ts';

let sim: PayerSimulator;
beforeAll(async () => {
  sim = await createPayerSimulator({ timeoutDelayMs: 'never' });
});
afterAll(() => sim.close());

const at = (ms: number): Date => new Date(new Date(NOW).getTime() + ms);

describe('time-outs and the 90-second rule', () => {
  it('a payer that never answers: failed `timeout`, retry no sooner than 90 s; the same inquiry is not re-sent before then', async () => {
    let sends = 0;
    const counting: typeof fetch = (input, init) => (sends++, fetch(input, init));
    const { gateway, clock } = testGateway({ fetch: counting });
    const inq = await inquiryFor(inquiryInput('TO8008'), realtime(sim.url, { timeoutMs: 50 }));
    const first = await gateway.send270(inq);
    expect(first).toMatchObject({ kind: 'failed', code: 'timeout', transport: 'core_soap', reason: 'no answer within 50 ms (CORE expects one within 20 s)', retryAfter: at(90_000) });
    expect(sends).toBe(1);

    clock.advance(89_999);
    const early = await gateway.send270(inq);
    expect(early).toMatchObject({ kind: 'failed', code: 'too_soon', retryAfter: at(90_000) });
    // Rebuilt with new control numbers, the same check (same trace number) still waits.
    expect(await gateway.send270(await inquiryFor(inquiryInput('TO8008'), inq.connection, 500))).toMatchObject({ code: 'too_soon' });
    expect(sends).toBe(1);

    clock.advance(1);
    expect(await gateway.send270(inq)).toMatchObject({ kind: 'failed', code: 'timeout', retryAfter: at(180_000) });
    expect(sends).toBe(2);
  });

  it('a longer configured re-send delay is kept; a shorter one is refused by the settings', async () => {
    const { gateway } = testGateway();
    const out = await gateway.send270(await inquiryFor(inquiryInput('TO8009'), realtime(sim.url, { timeoutMs: 30, retryDelayMs: 120_000 })));
    expect(out).toMatchObject({ code: 'timeout', retryAfter: at(120_000) });
    expect(() => realtime(sim.url, { retryDelayMs: 60_000 })).toThrow(DomainError);
  });

  it('an answer clears the clock; other inquiries are never held back by a failed one', async () => {
    const { gateway } = testGateway();
    await gateway.send270(await inquiryFor(inquiryInput('TO8010'), realtime(sim.url, { timeoutMs: 30 })));
    expect(await gateway.send270(await inquiryFor(inquiryInput('PPO1001'), realtime(sim.url)))).toMatchObject({ kind: 'response' });
    expect(gateway.retryClock.notBefore('sunrise\u0000T-PPO1001')).toBeNull();
  });

  it('nobody listening: failed `unreachable` with the system code, retry after 90 s', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const { gateway } = testGateway();
    const out = await gateway.send270(await inquiryFor(inquiryInput('PPO1001'), realtime(`http://127.0.0.1:${port}/core`)));
    expect(out).toMatchObject({ kind: 'failed', code: 'unreachable', reason: 'could not reach the CORE endpoint (ECONNREFUSED)', retryAfter: at(90_000) });
  });
});

describe('credentials and envelope errors from the simulator', () => {
  it('a wrong password: SOAP fault wsse:FailedAuthentication, failed `unauthorized` without a retry time', async () => {
    const { gateway } = testGateway();
    const out = await gateway.send270(await inquiryFor(inquiryInput('PPO1001'), realtime(sim.url, { password: 'wrong' })));
    expect(out).toEqual({
      kind: 'failed', code: 'unauthorized', transport: 'core_soap', reason: 'the clearinghouse refused the credentials (SOAP fault Sender/wsse:FailedAuthentication)', retryAfter: null,
      payloadId: '00000000-0000-4000-8000-000000000001', sentAt: new Date(NOW),
    });
  });

  it('a ReceiverID the payer does not answer to: envelope error ReceiverIDIllegal, refused', async () => {
    const { gateway } = testGateway();
    const out = await gateway.send270(await inquiryFor(inquiryInput('PPO1001'), realtime(sim.url, { receiverId: 'OTHERPAYER' })));
    expect(out).toMatchObject({ code: 'rejected', reason: 'the clearinghouse refused the CORE envelope (ErrorCode ReceiverIDIllegal)', retryAfter: null });
  });

  const post = async (body: string, contentType = 'application/soap+xml; charset=utf-8') => {
    const res = await fetch(sim.url, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: res.status, body: await res.text() };
  };
  const request = (over: Record<string, string> = {}, token = { username: 'medoffice', password: 'payer-sim' }) => {
    let xml = realTimeRequestXml({ payloadType: 'X12_270_Request_005010X279A1', processingMode: 'RealTime', payloadId: 'p-1', timeStamp: '2024-03-04T14:00:00Z', senderId: 'MEDOFFICE', receiverId: 'PAYERSIM', coreRuleVersion: '2.2.0', payload: 'ISA' }, token);
    for (const [from, to] of Object.entries(over)) xml = xml.replace(from, to);
    return xml;
  };

  it.each([
    ['not XML', 'Jane Doe 1980-02-29', 'the document is not well-formed XML (line 1)'],
    ['SOAP 1.1', request({ 'http://www.w3.org/2003/05/soap-envelope': 'http://schemas.xmlsoap.org/soap/envelope/' }), 'Envelope is SOAP 1.1; the CORE real-time exchange uses SOAP 1.2'],
    ['a wrong body element', request({ 'ns1:COREEnvelopeRealTimeRequest ': 'ns1:Hello ', '</ns1:COREEnvelopeRealTimeRequest>': '</ns1:Hello>' }), 'Hello is not a COREEnvelopeRealTimeRequest of CORE rule 2.2.0'],
    ['no UsernameToken', request({ '<wsse:UsernameToken>': '<wsse:X>', '</wsse:UsernameToken>': '</wsse:X>' }), 'the request has no WS-Security UsernameToken with a Username and a Password'],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY a "b">]>${request()}`, 'the document has a document type declaration, which SOAP does not allow'],
  ])('a malformed envelope (%s) is answered with a SOAP Sender fault (HTTP 400)', async (_name, body, reason) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(readRealTimeResponse(r.body)).toEqual({ ok: 'fault', fault: expect.objectContaining({ code: 'Sender', reason }) });
  });

  it('missing CORE metadata is answered with a COREEnvelopeRealTimeResponse naming it (PayloadIDRequired)', async () => {
    const r = await post(request({ '<PayloadID>p-1</PayloadID>': '' }));
    expect(r.status).toBe(200);
    expect(readRealTimeResponse(r.body)).toMatchObject({ ok: true, response: { payloadType: 'CoreEnvelopeError', errorCode: 'PayloadIDRequired', errorMessage: 'PayloadID is missing' } });
  });

  it('only POSTs of application/soap+xml to /core are served', async () => {
    expect((await fetch(sim.url)).status).toBe(405);
    expect((await fetch(sim.url.replace('/core', '/other'), { method: 'POST' })).status).toBe(404);
    expect((await post(request(), 'text/xml')).status).toBe(415);
  });
});

describe('a malformed SOAP response is `failed`, naming the element', () => {
  const payloadId = '00000000-0000-4000-8000-000000000001';
  const good = realTimeResponseXml({ payloadType: PAYLOAD_TYPE_271, processingMode: 'RealTime', payloadId, timeStamp: '2024-03-04T14:00:01Z', senderId: 'PAYERSIM', receiverId: 'MEDOFFICE', coreRuleVersion: '2.2.0', errorCode: 'Success', errorMessage: 'None', payload: PPO_DEDUCTIBLE_271 });
  const answer = (body: string, status = 200) => async () => new Response(body, { status, headers: { 'content-type': 'application/soap+xml' } });
  const send = async (body: string, status = 200) => {
    const { gateway } = testGateway({ fetch: answer(body, status) });
    return gateway.send270(await inquiryFor(inquiryInput('PPO1001'), realtime('https://clearinghouse.example/core')));
  };

  it('the well-formed answer is a response carrying the 271', async () => {
    expect(await send(good)).toMatchObject({ kind: 'response', x12: PPO_DEDUCTIBLE_271, payloadId });
  });

  it.each([
    ['PayloadID missing', good.replace(`<PayloadID>${payloadId}</PayloadID>`, ''), 'PayloadID is missing'],
    ['TimeStamp not a date', good.replace('2024-03-04T14:00:01Z', 'yesterday'), 'TimeStamp must be an xs:dateTime'],
    ['ProcessingMode Batch', good.replace('>RealTime<', '>Batch<'), 'ProcessingMode must be RealTime'],
    ['Payload missing on Success', good.replace(/<Payload>.*<\/Payload>/s, ''), 'Payload is missing although ErrorCode is Success'],
    ['ErrorCode empty', good.replace('<ErrorCode>Success</ErrorCode>', '<ErrorCode></ErrorCode>'), 'ErrorCode is empty'],
    ['an unknown element', good.replace('<ErrorMessage>', '<PatientName>JANE DOE</PatientName><ErrorMessage>'), 'PatientName is not an element of COREEnvelopeRealTimeResponse'],
    ['a repeated element', good.replace('<ErrorMessage>', '<SenderID>X</SenderID><ErrorMessage>'), 'SenderID appears more than once'],
    ['another PayloadID', good.replace(payloadId, 'someone-else'), "PayloadID does not repeat the request's"],
    ['the wrong namespace', good.replace(CORE_NS, 'urn:other'), 'COREEnvelopeRealTimeResponse is not a COREEnvelopeRealTimeResponse of CORE rule 2.2.0'],
    ['no Body', good.replace(/<soapenv:Body>.*<\/soapenv:Body>/s, ''), 'Body is missing'],
    ['a cut-short document', good.slice(0, 300), 'the document is not well-formed XML (line 1)'],
    ['an undeclared prefix', good.replace('<soapenv:Body>', '<soapenv:Body><x:Y/>'), 'the prefix of element x:Y is not declared'],
  ])('%s', async (_name, body, element) => {
    const out = await send(body);
    expect(out).toMatchObject({ kind: 'failed', code: 'malformed', reason: `the SOAP response is malformed: ${element}`, retryAfter: at(90_000) });
    expect(JSON.stringify(out)).not.toMatch(/JANE|DOE|W123456789/);
  });

  it.each([
    ['a Sender fault', soapFaultXml({ code: 'Sender', reason: 'Jane Doe unknown' }), 400, 'rejected', 'the clearinghouse refused the request (SOAP fault Sender)', false],
    ['a Receiver fault', soapFaultXml({ code: 'Receiver', reason: 'database down' }), 500, 'server_error', 'the clearinghouse failed to process the request (SOAP fault Receiver)', true],
    ['ErrorCode UnAuthorized', good.replace('>Success<', '>UnAuthorized<'), 200, 'unauthorized', 'the clearinghouse refused the credentials (CORE ErrorCode UnAuthorized)', false],
    ['ErrorCode SenderIDRequired', good.replace('>Success<', '>SenderIDRequired<'), 200, 'rejected', 'the clearinghouse refused the CORE envelope (ErrorCode SenderIDRequired)', false],
    ['ErrorCode ServerBusy', good.replace('>Success<', '>ServerBusy<'), 200, 'server_error', 'the clearinghouse answered CORE ErrorCode ServerBusy', true],
    ['a 999 instead of a 271', good.replace(PAYLOAD_TYPE_271, 'X12_999_Response_005010X231A1'), 200, 'rejected', 'the clearinghouse answered an X12 acknowledgment (PayloadType X12_999_Response_005010X231A1) instead of a 271: the 270 was refused', false],
    ['HTTP 503 with no SOAP', 'Service Unavailable', 503, 'server_error', 'the endpoint answered HTTP 503 without a SOAP response', true],
    ['HTTP 401 with no SOAP', '', 401, 'unauthorized', 'the endpoint refused the request with HTTP 401', false],
    ['a redirect', '', 302, 'unreachable', 'the endpoint answered HTTP 302 (a redirect): configure its final URL', false],
  ])('%s', async (_name, body, status, code, reason, retryable) => {
    expect(interpretRealTimeAnswer(status, body, payloadId)).toEqual({ ok: false, code, reason, retryable });
    expect(await send(body, status)).toMatchObject({ kind: 'failed', code, reason, retryAfter: retryable ? at(90_000) : null });
  });
});

describe('payer connection settings', () => {
  const issuesOf = (input: unknown) => {
    try {
      parsePayerConnection(input);
    } catch (e) {
      return (e as DomainError).issues;
    }
    throw new Error('expected the settings to be refused');
  };

  it('defaults: 20 s to answer, 90 s before a re-send; batch polls every second for 5 minutes', () => {
    expect(realtime('https://ch.example/core', { timeoutMs: undefined })).toMatchObject({ timeoutMs: 20_000, retryDelayMs: 90_000 });
    expect(parsePayerConnection({ mode: 'batch', payerId: 'p', outboxDir: '/o', inboxDir: '/i' })).toEqual({ mode: 'batch', payerId: 'p', outboxDir: '/o', inboxDir: '/i', pollIntervalMs: 1_000, timeoutMs: 300_000, retryDelayMs: 90_000 });
  });

  it('names every bad field and never echoes a value (the password least of all)', () => {
    const issues = issuesOf({ mode: 'realtime', payerId: 'p', endpointUrl: 'http://ch.example/core', senderId: '', username: 'u', password: 'hunter2-secret', timeoutMs: 0, extra: 1 });
    expect(issues.map((i) => i.path)).toEqual(['endpointUrl', 'senderId', 'receiverId', 'timeoutMs', 'extra']);
    expect(issues[4]!.message).toBe('is not a connection setting');
    expect(issues[0]!.message).toBe('must use https (plain http only to 127.0.0.1 or localhost)');
    expect(JSON.stringify(issues)).not.toMatch(/hunter2|ch\.example/);
    expect(issuesOf({ mode: 'sftp' })).toEqual([{ path: 'mode', message: 'mode must be realtime or batch' }]);
    expect(issuesOf({ mode: 'batch', payerId: 'p', inboxDir: '/i', pollIntervalMs: 1 }).map((i) => `${i.path}: ${i.message}`)).toEqual(['outboxDir: is required', 'pollIntervalMs: must be at least 5 ms']);
  });
});
