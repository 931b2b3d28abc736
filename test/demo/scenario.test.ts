import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario, ScenarioError } from '../../src/demo/scenario.js';

function problemsOf(text: string): string[] {
  try {
    parseScenario(text, 'drill.yml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error('the scenario was accepted');
}

const PEOPLE = `people:
  - { name: alice, realName: Alice Martin, tz: Europe/Paris }
  - { name: bob, realName: Bob Keller, tz: America/Los_Angeles }
`;

describe('scenario files', () => {
  it('plays every bundled scenario file', async () => {
    const files = (await readdir('scenarios')).filter((file) => file.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const scenario = await loadScenario(`scenarios/${file}`);
      expect(scenario.steps.filter((step) => step.close)).toHaveLength(1);
    }
  });

  it('reports each problem with its line and column', () => {
    const problems = problemsOf(`name: Broken drill
settings:
  updateInterval: soon
${PEOPLE}steps:
  - as: alice
    run: declare Something broke
  - as: bobb
    run: update Looking
  - as: alice
    run: udpate typo
  - wait: forever
  - as: bob
    run: update --at 2999-01-01T00:00Z from the future
  - as: alice
    run: close
`);
    expect(problems).toEqual([
      'drill.yml:3:19: settings.updateInterval: expected a duration such as 90s, 30m or 1h30m',
      'drill.yml:14:11: steps.3.wait: Invalid option: expected one of "reminder"|"escalation"|"followup"',
    ]);
  });

  it('checks who acts and what they type once the shape is right, each stage hiding the next', () => {
    // Four commands the bot would refuse, at lines 7, 9, 11 and 13 of each file below.
    const badRuns = `name: Typos
${PEOPLE}steps:
  - as: alice
    run: udpate typo
  - as: bob
    run: update --at 2999-01-01T00:00Z from the future
  - as: alice
    run: close
  - as: alice
    run: update {{now-soon}} typo in a placeholder
`;
    expect(problemsOf(`${badRuns}  - as: alice\n    say: hello\n    pinnedBy: bob\n    wait: reminder\n`)).toEqual([
      'drill.yml:14:5: steps.4: a step does exactly one of run, say, wait, close (this one has say and wait)',
    ]);
    expect(problemsOf(`${badRuns}  - as: bobb\n    run: update Looking\n`)).toEqual([
      'drill.yml:14:9: steps.4.as: unknown person "bobb" (people: alice, bob)',
    ]);
    expect(problemsOf(badRuns)).toEqual([
      'drill.yml:7:10: steps.0.run: unknown subcommand "udpate" (see /incident help)',
      'drill.yml:9:10: steps.1.run: --at: 2999-01-01 00:00 UTC is in the future.',
      'drill.yml:11:10: steps.2.run: closing takes a form: use a `close:` step with cause and resolution',
      'drill.yml:13:10: steps.3.run: {{now-soon}}: expected {{now}} or {{now-<duration>}}',
    ]);
  });

  it('refuses to wait for an escalation when nobody would be pinged', () => {
    expect(
      problemsOf(`name: No managers
${PEOPLE}steps:
  - as: alice
    run: declare Something broke
  - wait: escalation
  - as: alice
    close: { cause: A bad deploy, resolution: Rolled back }
`),
    ).toEqual(['drill.yml:8:11: steps.1.wait: nobody to escalate to: list them in settings.managers']);
  });

  it('reports YAML that does not parse, and a file that is not there', async () => {
    expect(problemsOf('name: Drill\nsteps: [unclosed\n  - as: alice\n')[0]).toMatch(/^drill\.yml:2:\d+: \w/);
    await expect(loadScenario('scenarios/no-such-file.yml')).rejects.toThrow('scenarios/no-such-file.yml: cannot read it (ENOENT)');
  });
});
