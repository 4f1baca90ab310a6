/**
 * AAA request validation codes of 005010X279A1: AAA03 reject reasons (element 901) and AAA04
 * follow-up actions (element 889). Meanings follow the standard's names; `nextStep` is our
 * advice for the person working the exception.
 */
export const AAA_REJECT_REASONS = {
  '04': { meaning: 'Authorized quantity exceeded', nextStep: 'Too many patients in one inquiry: send them separately.' },
  '15': { meaning: 'Required application data missing', nextStep: 'Complete the missing data named by the payer and resend.' },
  '33': { meaning: 'Input errors', nextStep: 'Check the inquiry data and resend.' },
  '35': { meaning: 'Out of network', nextStep: 'The provider is out of network for this plan: check the network or the patient\'s out-of-network benefits.' },
  '41': { meaning: 'Authorization/access restrictions', nextStep: 'The practice is not allowed to query this payer: check the enrollment with the payer or clearinghouse.' },
  '42': { meaning: 'Unable to respond at current time', nextStep: 'The payer system is unavailable: check again later.' },
  '43': { meaning: 'Invalid/missing provider identification', nextStep: 'Check the provider NPI sent and the provider\'s enrollment with the payer.' },
  '44': { meaning: 'Invalid/missing provider name', nextStep: 'Check the provider name as enrolled with the payer.' },
  '45': { meaning: 'Invalid/missing provider specialty', nextStep: 'Check the provider taxonomy.' },
  '46': { meaning: 'Invalid/missing provider phone number', nextStep: 'Check the provider contact details.' },
  '47': { meaning: 'Invalid/missing provider state', nextStep: 'Check the provider address.' },
  '48': { meaning: 'Invalid/missing referring provider identification number', nextStep: 'Check the referring provider NPI.' },
  '49': { meaning: 'Provider is not primary care physician', nextStep: 'The patient\'s plan names another primary care provider: a referral may be needed.' },
  '50': { meaning: 'Provider ineligible for inquiries', nextStep: 'The provider may not query this payer electronically: verify by phone or portal.' },
  '51': { meaning: 'Provider not on file', nextStep: 'The payer does not know this provider: check the NPI and enrollment.' },
  '52': { meaning: 'Service dates not within provider plan enrollment', nextStep: 'The provider was not enrolled with the plan on that date: check the enrollment dates.' },
  '53': { meaning: 'Inquired benefit inconsistent with provider type', nextStep: 'Ask for a service type that fits the provider.' },
  '54': { meaning: 'Inappropriate product/service ID qualifier', nextStep: 'Check the procedure code qualifier.' },
  '55': { meaning: 'Inappropriate product/service ID', nextStep: 'Check the procedure code.' },
  '56': { meaning: 'Inappropriate date', nextStep: 'Check the dates sent.' },
  '57': { meaning: 'Invalid/missing date(s) of service', nextStep: 'Check the date of service.' },
  '58': { meaning: 'Invalid/missing date of birth', nextStep: 'Check the patient\'s date of birth.' },
  '60': { meaning: 'Date of birth follows date(s) of service', nextStep: 'Check the date of birth and the date of service.' },
  '61': { meaning: 'Date of death precedes date(s) of service', nextStep: 'The payer records a date of death before the service: verify with the patient\'s family or the payer.' },
  '62': { meaning: 'Date of service not within allowable inquiry period', nextStep: 'The payer only answers for dates near today: check closer to the visit.' },
  '63': { meaning: 'Date of service in future', nextStep: 'The payer does not answer for future dates: check on or near the visit date.' },
  '64': { meaning: 'Invalid/missing patient ID', nextStep: 'Check the patient\'s member ID against the insurance card.' },
  '65': { meaning: 'Invalid/missing patient name', nextStep: 'Check the patient\'s name against the insurance card.' },
  '66': { meaning: 'Invalid/missing patient gender code', nextStep: 'Check the patient\'s sex as the payer records it.' },
  '67': { meaning: 'Patient not found', nextStep: 'Check the member ID, name and date of birth against the insurance card, or ask the patient for current insurance.' },
  '68': { meaning: 'Duplicate patient ID number', nextStep: 'The payer has several patients with this ID: add the date of birth and name.' },
  '69': { meaning: 'Inconsistent with patient\'s age', nextStep: 'The service asked about does not fit the patient\'s age.' },
  '70': { meaning: 'Inconsistent with patient\'s gender', nextStep: 'The service asked about does not fit the patient\'s recorded sex.' },
  '71': { meaning: 'Patient birth date does not match that for the patient on the database', nextStep: 'Check the date of birth with the patient and the card.' },
  '72': { meaning: 'Invalid/missing subscriber/insured ID', nextStep: 'Check the subscriber\'s member ID against the insurance card.' },
  '73': { meaning: 'Invalid/missing subscriber/insured name', nextStep: 'Check the subscriber\'s name against the insurance card.' },
  '74': { meaning: 'Invalid/missing subscriber/insured gender code', nextStep: 'Check the subscriber\'s sex as the payer records it.' },
  '75': { meaning: 'Subscriber/insured not found', nextStep: 'Check the member ID, name and date of birth against the insurance card, or ask the patient for current insurance.' },
  '76': { meaning: 'Duplicate subscriber/insured ID number', nextStep: 'The payer has several members with this ID: add the name and date of birth.' },
  '77': { meaning: 'Subscriber found, patient not found', nextStep: 'The dependent is not on the subscriber\'s policy: check the dependent\'s name and date of birth.' },
  '78': { meaning: 'Subscriber/insured not in group/plan identified', nextStep: 'Check the group number and plan on the card.' },
  '79': { meaning: 'Invalid participant identification', nextStep: 'A routing problem with the payer or clearinghouse: check the payer id and contact the clearinghouse.' },
  '80': { meaning: 'No response received - transaction terminated', nextStep: 'The payer did not answer in time: check again later.' },
  '97': { meaning: 'Invalid or missing provider address', nextStep: 'Check the provider address.' },
  '98': { meaning: 'Experimental service or procedure', nextStep: 'The payer treats the service as experimental: ask about coverage before the visit.' },
  AA: { meaning: 'Authorization number not found', nextStep: 'Check the authorization number with the payer.' },
  AE: { meaning: 'Requires primary care physician authorization', nextStep: 'Obtain a referral from the patient\'s primary care physician.' },
  AF: { meaning: 'Invalid/missing diagnosis code(s)', nextStep: 'Check the diagnosis codes sent.' },
  AG: { meaning: 'Invalid/missing procedure code(s)', nextStep: 'Check the procedure codes sent.' },
  AO: { meaning: 'Additional patient condition information required', nextStep: 'The payer needs more clinical information: call the payer.' },
  CI: { meaning: 'Certification information does not match patient', nextStep: 'Check the certification against the patient.' },
  E8: { meaning: 'Requires medical review', nextStep: 'The payer will review the service medically: call for its requirements.' },
  IA: { meaning: 'Invalid authorization number format', nextStep: 'Check the authorization number.' },
  MA: { meaning: 'Missing authorization', nextStep: 'Obtain a prior authorization before the service.' },
  T4: { meaning: 'Payer name or identifier missing', nextStep: 'Check the payer id configured for this insurance.' },
} as const satisfies Record<string, { meaning: string; nextStep: string }>;

/** AAA04 follow-up actions. */
export const AAA_FOLLOW_UP_ACTIONS = {
  C: 'Please correct and resubmit',
  N: 'Resubmission not allowed',
  P: 'Please resubmit original transaction',
  R: 'Resubmission allowed',
  S: 'Do not resubmit; inquiry initiated to a third party',
  W: 'Please wait 30 days and resubmit',
  X: 'Please wait 10 days and resubmit',
  Y: 'Do not resubmit; we will hold your request and respond again shortly',
} as const satisfies Record<string, string>;

/** The meaning and suggested next step of an AAA03 reject reason; unknown codes say so. */
export const rejectReason = (code: string): { meaning: string; nextStep: string } =>
  Object.hasOwn(AAA_REJECT_REASONS, code) ? AAA_REJECT_REASONS[code as keyof typeof AAA_REJECT_REASONS] : { meaning: `Unknown reject reason ${code}`, nextStep: 'Call the payer about this reject reason.' };

/** The meaning of an AAA04 follow-up action code. */
export const followUpAction = (code: string): string =>
  Object.hasOwn(AAA_FOLLOW_UP_ACTIONS, code) ? AAA_FOLLOW_UP_ACTIONS[code as keyof typeof AAA_FOLLOW_UP_ACTIONS] : `Unknown follow-up action ${code}`;
