import { fixedClock } from '../../src/core/shared/index.ts';
import { createClearinghouseGateway, parsePayerConnection, type EligibilityInquiry, type PayerConnectionInput } from '../../src/integrations/clearinghouse/index.ts';
import { build270, type Eligibility270Input } from '../../src/x12/index.ts';
import { inMemoryControlNumbers } from '../../src/x12/testing/in-memory-control-numbers.ts';

/** Passes the NPI check digit. */
export const NPI = '1234567893';
export const NOW = '2024-03-04T14:00:00Z';

/** A 270 inquiry for a subscriber (made-up person) with the given member id. */
export const inquiryInput = (memberId: string, over: Partial<Eligibility270Input> = {}): Eligibility270Input => ({
  payer: { name: 'Sunrise Health Plan', id: 'SUN01' },
  provider: { npi: NPI, organizationName: 'Maple Family Practice' },
  subscriber: { memberId, lastName: 'Doe', firstName: 'Jane', birthDate: '1980-02-29', gender: 'F' },
  dateOfService: '2024-03-05',
  traceNumber: `T-${memberId}`,
  traceOriginatorId: '9123456789',
  createdAt: new Date(NOW),
  envelope: { senderId: 'MEDOFFICE', receiverId: 'PAYERSIM' },
  ...over,
});

/** Real-time connection settings for the simulator at `url`, with a short time-out for tests. */
export const realtime = (url: string, over: Partial<PayerConnectionInput> = {}) =>
  parsePayerConnection({ mode: 'realtime', payerId: 'sunrise', endpointUrl: url, senderId: 'MEDOFFICE', receiverId: 'PAYERSIM', username: 'medoffice', password: 'payer-sim', timeoutMs: 5_000, ...over });

/** Builds the 270 and the gateway's inquiry for it. */
export const inquiryFor = async (input: Eligibility270Input, connection: EligibilityInquiry['connection'], start = 1): Promise<EligibilityInquiry> => {
  const built = await build270(input, inMemoryControlNumbers({ interchange: start, transaction: start }));
  return { x12: built.text, traceNumber: built.traceNumber, interchangeControlNumber: built.interchangeControlNumber, transactionControlNumber: built.groups[0]!.transactionControlNumbers[0]!, connection };
};

/** A gateway on a fixed clock, so the 90-second rule is checked without waiting. */
export const testGateway = (deps: { fetch?: typeof fetch } = {}) => {
  const clock = fixedClock(NOW);
  let n = 0;
  const gateway = createClearinghouseGateway({ clock, newPayloadId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, ...deps });
  return { clock, gateway };
};
