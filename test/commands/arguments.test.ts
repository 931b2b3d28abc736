import { describe, expect, it } from 'vitest';
import { parseArguments, parseSeverity, splitSubcommand } from '../../src/commands/arguments.js';
import { UsageError } from '../../src/errors.js';

const now = new Date('2024-09-11T04:30:00Z');
const all = ['next', 'at', 'internal', 'sev', 'here'] as const;

describe('command arguments', () => {
  it('splits the subcommand from the rest, case-insensitively', () => {
    expect(splitSubcommand('  UPDATE  DNS is  back ')).toEqual({ name: 'update', rest: 'DNS is  back' });
    expect(splitSubcommand('')).toEqual({ name: '', rest: '' });
  });

  it('takes options out wherever they stand and keeps the text as typed', () => {
    expect(parseArguments('--next 45m DNS is back --internal', all, now)).toEqual({
      text: 'DNS is back',
      flags: { next: 45 * 60_000, internal: true },
    });
    expect(parseArguments('Rolled back  the deploy --at 01:20', all, now)).toEqual({
      text: 'Rolled back the deploy',
      flags: { at: new Date('2024-09-11T01:20:00Z') },
    });
  });

  it('reads a zone after an HH:MM time, and accepts dashes that clients turned into em dashes', () => {
    expect(parseArguments('—at 06:00 Europe/Paris Paged the DB team', all, now)).toEqual({
      text: 'Paged the DB team',
      flags: { at: new Date('2024-09-11T04:00:00Z') },
    });
  });

  it('reads a zone abbreviation after an HH:MM time as the offset it names', () => {
    expect(parseArguments('--at 01:20 CET Paged the DB team', all, now, 'America/Los_Angeles')).toEqual({
      text: 'Paged the DB team',
      flags: { at: new Date('2024-09-11T00:20:00Z') },
    });
    expect(parseArguments('DNS flapping --at 21:10 PDT', all, now)).toEqual({
      text: 'DNS flapping',
      flags: { at: new Date('2024-09-11T04:10:00Z') },
    });
  });

  it('reads a bare HH:MM in the typist’s own zone', () => {
    // 21:30 on 10 September in Los Angeles.
    expect(parseArguments('--at 21:05 Rolled back', all, now, 'America/Los_Angeles')).toEqual({
      text: 'Rolled back',
      flags: { at: new Date('2024-09-11T04:05:00Z') },
    });
    expect(parseArguments('--at 06:00 Rolled back', all, now, 'Europe/Paris').flags.at).toEqual(
      new Date('2024-09-11T04:00:00Z'),
    );
  });

  it('leaves words after the time in the text unless they are meant as a zone', () => {
    expect(parseArguments('--at 04:10 DNS is back', all, now).text).toBe('DNS is back');
    expect(parseArguments('--at 04:10 cet appel a échoué', all, now, 'Europe/Paris')).toEqual({
      text: 'cet appel a échoué',
      flags: { at: new Date('2024-09-11T02:10:00Z') },
    });
  });

  it('refuses an unknown or ambiguous zone after the time instead of keeping it as text', () => {
    expect(() => parseArguments('--at 10:00 Mars/Base Paged the DB team', all, now)).toThrow(
      new UsageError(
        '`--at`: `Mars/Base` is not a time zone (try UTC, an abbreviation like CET or PDT, or a name like ' +
          'Europe/Paris).',
      ),
    );
    expect(() => parseArguments('--at 10:00 IST Paged', all, now)).toThrow('`IST` is ambiguous');
  });

  it('keeps unknown --words in the text, and stops at --', () => {
    expect(parseArguments('ran kubectl --context prod -- --next is literal', all, now).text).toBe(
      'ran kubectl --context prod --next is literal',
    );
  });

  it('refuses an option the subcommand does not take, a missing value, a bad value and a repeat', () => {
    const attempt =
      (text: string, allowed: readonly (typeof all)[number][] = all) =>
      () =>
        parseArguments(text, allowed, now);
    expect(attempt('x --sev 2', ['next'])).toThrow(
      new UsageError('`--sev` is not an option of this command.'),
    );
    expect(attempt('x --next')).toThrow('`--next` needs a value.');
    expect(attempt('x --next soon')).toThrow('write a duration such as 45m');
    expect(attempt('x --at 2099-01-01T00:00Z')).toThrow('is in the future');
    expect(attempt('x --internal --internal')).toThrow('given twice');
    expect(attempt('x --sev 7')).toThrow('not a severity');
  });

  it('reads who a draft is for, in any case, and refuses any other reader', () => {
    expect(parseArguments('fr --for Customers', ['for'], now)).toEqual({ text: 'fr', flags: { for: 'customers' } });
    expect(parseArguments('—for executives', ['for'], now)).toEqual({ text: '', flags: { for: 'executives' } });
    expect(() => parseArguments('--for press', ['for'], now)).toThrow(
      new UsageError('`--for press`: a draft is for customers, internal or executives.'),
    );
    // A broadcast typed as the value is quoted back inert.
    expect(() => parseArguments('--for <!channel>', ['for'], now)).toThrow(
      new UsageError('`--for @\u2060channel`: a draft is for customers, internal or executives.'),
    );
    expect(() => parseArguments('update --for customers', ['next'], now)).toThrow('`--for` is not an option of this command.');
  });

  it('reads severities in the forms people type', () => {
    expect(parseSeverity('2')).toBe(2);
    expect(parseSeverity('sev1')).toBe(1);
    expect(parseSeverity('SEV-4')).toBe(4);
    expect(() => parseSeverity('0')).toThrow(UsageError);
  });
});

describe('the --due option', () => {
  it('takes a duration or a day wherever it stands, and names the problem otherwise', () => {
    expect(parseArguments('Fix alert routing --due 3d <@U0BOB|bob>', ['due', 'at'], now)).toEqual({
      text: 'Fix alert routing <@U0BOB|bob>',
      flags: { due: { kind: 'in', ms: 3 * 24 * 3600_000 } },
    });
    expect(parseArguments('—due 2026-12-15 Rotate the secrets', ['due'], now)).toEqual({
      text: 'Rotate the secrets',
      flags: { due: { kind: 'on', day: '2026-12-15' } },
    });
    expect(() => parseArguments('Fix it --due tomorrow', ['due'], now)).toThrow(
      '`--due`: `tomorrow` is not a due date: write a duration such as 3d or 2w, or a day such as 2026-12-15.',
    );
    expect(() => parseArguments('Fix it --due 3d', all, now)).toThrow('`--due` is not an option of this command.');
  });
});
