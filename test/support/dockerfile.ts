import { readFileSync } from 'node:fs';

/** One instruction of a Dockerfile: `COPY --from=build /app/dist ./dist` is { keyword: 'COPY', args: '--from=build /app/dist ./dist' }. */
export interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
}

export interface DockerStage {
  readonly name: string;
  readonly instructions: readonly DockerInstruction[];
}

/** Splits a Dockerfile into stages of instructions (comments dropped, `\` continuations joined). */
export function parseDockerfile(file: string): DockerStage[] {
  const logical = readFileSync(file, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: { name: string; instructions: DockerInstruction[] }[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ').trim() };
    if (instruction.keyword === 'FROM') stages.push({ name: /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length), instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** The arguments of a stage's instructions with that keyword. */
export const argsOf = (stage: DockerStage, keyword: string): string[] => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** An exec-form command (`["node", "x.js"]`) as its argv; anything else is an error. */
export function execForm(args: string): string[] {
  const argv: unknown = JSON.parse(args);
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error(`not an exec-form command: ${args}`);
  return argv as string[];
}

/** `HEALTHCHECK --interval=30s … CMD ["node", …]`: the command's argv. */
export function healthcheckCommand(args: string): string[] {
  const at = args.indexOf('CMD ');
  if (at < 0) throw new Error(`HEALTHCHECK without CMD: ${args}`);
  return execForm(args.slice(at + 4));
}
