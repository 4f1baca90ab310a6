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
export const registerEligibilityCommands = (program: Command): void => {
  const eligibility = program.command('eligibility').description('Insurance eligibility and benefits (X12 270/271)');
  eligibility
    .command('parse <file>')
    .description('Read a 271 eligibility response and print it as JSON')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const results = parse271All(await readText(file));
      const write = cmd.configureOutput().writeOut ?? ((s: string) => void process.stdout.write(s));
      write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
    });
};
