/**
 * True when `npi` is 10 digits whose last is the Luhn check digit computed over the prefix
 * 80840 and the first nine digits (CMS NPI check-digit rule).
 */
export const isValidNpi = (npi: string): boolean => {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit counting from the right of the payload (which ends at the check digit).
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9]);
};

/** Completes a nine-digit NPI stem with its check digit (for synthetic demo providers). */
export const withNpiCheckDigit = (stem9: string): string => {
  for (let d = 0; d <= 9; d++) if (isValidNpi(`${stem9}${d}`)) return `${stem9}${d}`;
  throw new Error('unreachable: one check digit always fits');
};
