import { z } from 'zod';
import { isValidNpi } from './npi.ts';

export const PlanTypes = ['PPO', 'HMO', 'EPO', 'POS', 'HDHP', 'Medicare', 'Medicare Advantage', 'Medicaid', 'Tricare', 'Workers Comp', 'Self-pay', 'Other'] as const;
export type PlanType = (typeof PlanTypes)[number];

export const AddressSchema = z.strictObject({
  line1: z.string().trim().max(100).default(''),
  line2: z.string().trim().max(100).nullish(),
  city: z.string().trim().max(60).default(''),
  state: z
    .string()
    .trim()
    .regex(/^([A-Z]{2})?$/, 'use the two-letter state code')
    .default(''),
  postalCode: z
    .string()
    .trim()
    .regex(/^(\d{5}(-\d{4})?)?$/, 'use a 5 or 9 digit ZIP code')
    .default(''),
  country: z.string().trim().length(2).default('US'),
});
export type Address = z.infer<typeof AddressSchema>;

export const NpiSchema = z.string().refine(isValidNpi, { message: 'not a valid NPI (10 digits with a Luhn check digit)' });

export interface Payer {
  id: string;
  name: string;
  payerCode: string;
  planTypes: PlanType[];
  phone: string | null;
  address: Address | null;
}

export interface Provider {
  id: string;
  npi: string;
  familyName: string;
  givenName: string;
  credentials: string | null;
  taxonomyCode: string;
  specialty: string;
  phone: string | null;
  email: string | null;
  locationIds: string[];
  active: boolean;
}

export interface Location {
  id: string;
  name: string;
  address: Address;
  timeZone: string;
  phone: string | null;
  placeOfService: string;
}

export interface Practice {
  id: string;
  name: string;
  npi: string;
  taxId: string | null;
  address: Address;
  phone: string | null;
}

export const ProviderInputSchema = z.strictObject({
  npi: NpiSchema,
  familyName: z.string().trim().min(1).max(60),
  givenName: z.string().trim().min(1).max(60),
  credentials: z.string().trim().max(20).nullish(),
  taxonomyCode: z.string().regex(/^[0-9A-Z]{9}X$/, 'a NUCC taxonomy code is 10 characters ending in X'),
  specialty: z.string().trim().min(1).max(80),
  phone: z.string().max(30).nullish(),
  email: z.email().nullish(),
  locationIds: z.array(z.string().max(64)).max(20).default([]),
});
export type ProviderInput = z.infer<typeof ProviderInputSchema>;

export const PayerInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  payerCode: z.string().trim().min(2).max(20).regex(/^[A-Za-z0-9]+$/, 'letters and digits only'),
  planTypes: z.array(z.enum(PlanTypes)).min(1),
  phone: z.string().max(30).nullish(),
  address: AddressSchema.nullish(),
});
export type PayerInput = z.infer<typeof PayerInputSchema>;

/** Reference-data storage: payers, providers, locations and the practice itself. */
export interface ReferenceRepo {
  listPayers(): Promise<Payer[]>;
  getPayer(id: string): Promise<Payer | null>;
  insertPayer(p: Payer): Promise<void>;
  listProviders(q?: { name?: string; npi?: string; limit?: number }): Promise<Provider[]>;
  getProvider(id: string): Promise<Provider | null>;
  insertProvider(p: Provider): Promise<void>;
  listLocations(): Promise<Location[]>;
  insertLocation(l: Location): Promise<void>;
  getPractice(): Promise<Practice | null>;
  savePractice(p: Practice): Promise<void>;
}

/** The NUCC provider taxonomy code set (shipped, replaceable without code changes). */
export interface TaxonomyCodes {
  /** The display name of a code, or null when the code is not in the set. */
  name(code: string): string | null;
}
