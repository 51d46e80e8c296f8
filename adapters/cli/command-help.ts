/**
 * Help texts are blocks: a line `authmaster GROUP SUB …` and the indented lines under it. The
 * help of one subcommand is its blocks, cut from its group's help, so the two never disagree.
 */
function blocks(help: string): { readonly head: string; readonly text: string }[] {
  const found: { head: string; lines: string[] }[] = [];
  for (const line of help.split('\n')) {
    if (line.startsWith('authmaster ')) found.push({ head: line, lines: [line] });
    else found.at(-1)?.lines.push(line);
  }
  return found.map((block) => ({ head: block.head, text: block.lines.join('\n') }));
}

/** The subcommands a group's help documents, in order (`users` → create, token, grant-role, …). */
export function subcommandsOf(help: string, group: string): string[] {
  const names = blocks(help)
    .map((block) => block.head.split(/\s+/))
    .filter((words) => words[1] === group && words[2] !== undefined)
    .map((words) => words[2] ?? '');
  return [...new Set(names)];
}

/** The help of `authmaster GROUP SUB`, or undefined when the group documents no such subcommand. */
export function subcommandHelp(help: string, group: string, sub: string): string | undefined {
  const mine = blocks(help).filter((block) => {
    const words = block.head.split(/\s+/);
    return words[1] === group && words[2] === sub;
  });
  return mine.length === 0 ? undefined : mine.map((block) => block.text).join('\n');
}
