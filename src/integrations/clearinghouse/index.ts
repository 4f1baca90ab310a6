// The clearinghouse adapter: one gateway for eligibility inquiries, real time over the CAQH CORE
// connectivity envelope (SOAP 1.2, rule 2.2.0) or batch through a directory drop, and the payer
// simulator that speaks the same envelope for the demo and the tests.
export * from './clearinghouse.gateway.ts';
export * from './payer-connection.ts';
export * from './retry-clock.ts';
export { createClearinghouseGateway, type ClearinghouseDeps } from './clearinghouse.ts';
export { interpretRealTimeAnswer, MAX_RESPONSE_BYTES, sendCoreRealTime, type CoreSoapDeps } from './core-soap.gateway.ts';
export { answersInquiry, outboxFileName, PROCESSED_DIR, sendDirectoryDrop, type DirectoryDropDeps } from './directory-drop.gateway.ts';
export * from './core-envelope.ts';
export { readRealTimeRequest, readRealTimeResponse, readSoapEnvelope, type EnvelopeProblem, type RealTimeRequestRead } from './core-envelope-reader.ts';
export { read270, type Inquiry270, type InquiryPerson, type InquiryProblem } from './inquiry-270-reader.ts';
export { MEMBER_ID_PREFIXES, parsePlansFile, PLAN_KINDS, planFor, PlansFileSchema, type MemberPlan, type PlanKind, type PlansFile } from './payer-sim-plans.ts';
export * from './payer-simulator.ts';
