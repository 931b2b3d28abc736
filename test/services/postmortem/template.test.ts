import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadPostmortemTemplate,
  parsePostmortemTemplate,
} from '../../../src/services/postmortem/template.js';

const problems = (yaml: string): string[] => {
  const result = parsePostmortemTemplate(yaml, 'house.yml');
  return result.ok ? [] : result.problems;
};

describe('parsePostmortemTemplate', () => {
  it('reads every setting of a house style', () => {
    const result = parsePostmortemTemplate(
      [
        'timelineOrder: newest-first',
        'stamp: time',
        'zoneLabel: generic',
        'headings:',
        '  fr: { summary: SOMMAIRE, remediation: Éléments de correction }',
        '  en: { timeline: Timeline of events }',
        'states:',
        '  de: { done: Fertig }',
        'moreInfo:',
        '  fr: "Pour des informations sur l’état de nos services, consultez https://status.example.com."',
      ].join('\n'),
      'house.yml',
    );
    expect(result).toEqual({
      ok: true,
      template: {
        timelineOrder: 'newest-first',
        stamp: 'time',
        zoneLabel: 'generic',
        headings: {
          fr: { summary: 'SOMMAIRE', remediation: 'Éléments de correction' },
          en: { timeline: 'Timeline of events' },
        },
        states: { de: { done: 'Fertig' } },
        moreInfo: {
          fr: 'Pour des informations sur l’état de nos services, consultez https://status.example.com.',
        },
      },
    });
  });

  it('gives the standard layout for an empty file or a partial one', () => {
    const standard = {
      timelineOrder: 'oldest-first',
      stamp: 'full',
      zoneLabel: 'abbreviation',
      headings: {},
      states: {},
      moreInfo: {},
    };
    expect(parsePostmortemTemplate('', 'house.yml')).toEqual({ ok: true, template: standard });
    expect(parsePostmortemTemplate('# nothing yet\n', 'house.yml')).toEqual({ ok: true, template: standard });
    expect(parsePostmortemTemplate('stamp: time\n', 'house.yml')).toEqual({
      ok: true,
      template: { ...standard, stamp: 'time' },
    });
  });

  it('names each problem on its own line with the file, line, column and key', () => {
    expect(
      problems(
        [
          'timelineOrder: newest',
          'stamp: time',
          'zoneLabel: short',
          'headings:',
          '  fr: { sumary: SOMMAIRE }',
          '  es: { summary: RESUMEN }',
          'states:',
          '  de: { done: "" }',
          'moreInfo:',
          '  fr: 42',
          'footer: yes',
        ].join('\n'),
      ),
    ).toEqual([
      'house.yml:1:16: timelineOrder: expected one of oldest-first, newest-first, got "newest"',
      'house.yml:3:12: zoneLabel: expected one of abbreviation, generic, long, got "short"',
      'house.yml:5:17: headings.fr.sumary: unknown key (expected one of summary, timeline, rootCause, resolution, ' +
        'remediation, remark, moreInfo, keyFigures, appendix)',
      'house.yml:6:7: headings.es: unknown key (expected one of en, fr, de, it)',
      'house.yml:8:15: states.de.done: must not be empty',
      'house.yml:10:7: moreInfo.fr: expected a text',
      'house.yml:11:9: footer: unknown key (expected one of timelineOrder, stamp, zoneLabel, headings, states, moreInfo)',
    ]);
  });

  it('refuses a heading on two lines, and a file that is not a mapping or not YAML', () => {
    expect(problems('headings:\n  en: { summary: "Sum\\nmary" }\n')).toEqual([
      'house.yml:2:18: headings.en.summary: must fit on one line',
    ]);
    expect(problems('- newest-first\n')).toEqual(['house.yml:1:1: expected a mapping of settings']);
    expect(problems('stamp: [time\n')).toEqual([expect.stringMatching(/^house\.yml:2:1: not valid YAML: /)]);
  });
});

describe('loadPostmortemTemplate', () => {
  it('reads a file, and says so when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postmortem-template-'));
    const path = join(dir, 'house.yml');
    writeFileSync(path, 'timelineOrder: newest-first\n');
    expect(loadPostmortemTemplate(path)).toMatchObject({
      ok: true,
      template: { timelineOrder: 'newest-first' },
    });
    expect(loadPostmortemTemplate(join(dir, 'missing.yml'))).toEqual({
      ok: false,
      problems: [`${join(dir, 'missing.yml')}: cannot read it (ENOENT)`],
    });
  });
});
