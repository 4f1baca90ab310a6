import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { notFound } from '../core/shared/index.ts';
import { parse271All } from '../x12/index.ts';

/** Reads a file as text; a missing file is a DomainError `not_found` (exit 3), other failures pass on. */
const readText = async (file: string): Promise<string> => {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('File', file);
    throw e;
  }
};

/**
 * Adds `medoffice eligibility ...`. `parse FILE` prints a 271 read into EligibilityResult JSON
 * (an array when the file answers about several patients). A malformed file throws the
 * X12Error, which the CLI prints as one line (segment position, id, element) with exit code 2.
 */
export const registerEligibilityCommands = (program: Command, opts: { print270?: (appointmentId: string) => Promise<string>; sweep?: (o: { days?: number; staleDays?: number }) => Promise<string> } = {}): void => {
  const eligibility = program.command('eligibility').description('Insurance eligibility and benefits (X12 270/271)');
  const print270 = opts.print270;
  const sweep = opts.sweep;
  if (sweep)
    eligibility
      .command('sweep')
      .description('Run the pre-visit sweep now (also run by the server every 15 minutes); prints what it did as JSON')
      .option('--days <n>', 'visits in the next N days', (v) => Number(v))
      .option('--stale-days <n>', 'coverages not verified in the last N days', (v) => Number(v))
      .action(async (o: { days?: number; staleDays?: number }, cmd: Command) => {
        const write = cmd.configureOutput().writeOut ?? ((s: string) => void process.stdout.write(s));
        write(await sweep(o));
      });
  if (print270)
    eligibility
      .command('270')
      .description('Print the 270 inquiry a visit would send (the id the FHIR API shows for the Appointment); control numbers come from the database')
      .requiredOption('--appointment <id>')
      .action(async (o: { appointment: string }, cmd: Command) => {
        const write = cmd.configureOutput().writeOut ?? ((s: string) => void process.stdout.write(s));
        write(await print270(o.appointment));
      });
  eligibility
    .command('parse <file>')
    .description('Read a 271 eligibility response and print it as JSON')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const results = parse271All(await readText(file));
      const write = cmd.configureOutput().writeOut ?? ((s: string) => void process.stdout.write(s));
      write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
    });
};
