import { describe, expect, it } from 'vitest';
import { referencedPaths } from './index.ts';

describe('referencedPaths: the field paths an expression reads', () => {
  it.each([
    [
      'record.price * record.qty > 10',
      [
        ['record', 'price'],
        ['record', 'qty'],
      ],
    ],
    ['record.price + record.price', [['record', 'price']]],
    ['record.author.name.size() > 0', [['record', 'author', 'name']]],
    ['has(record.due) && record.due < now', [['record', 'due'], ['now']]],
    ['record.meta["color"] == "red"', [['record', 'meta', 'color']]],
    ['record.lines[0].sku', [['record', 'lines']]],
    ['record.lines[i].sku', [['record', 'lines'], ['i']]],
    ['"x" + string(1)', []],
    [
      'user.role in ["admin", "owner"] ? record.total : 0',
      [
        ['user', 'role'],
        ['record', 'total'],
      ],
    ],
    [
      '{"name": record.title, "by": user.email}',
      [
        ['record', 'title'],
        ['user', 'email'],
      ],
    ],
  ] as const)('%s', (source, paths) => {
    expect(referencedPaths(source)).toEqual(paths);
  });

  it('names a macro or cel.bind introduces are not paths, but what their bodies read is', () => {
    expect(referencedPaths('record.tags.exists(t, t == user.name)')).toEqual([
      ['record', 'tags'],
      ['user', 'name'],
    ]);
    expect(referencedPaths('record.lines.map(l, l.qty * record.price)')).toEqual([
      ['record', 'lines'],
      ['record', 'price'],
    ]);
    expect(referencedPaths('cel.bind(total, record.a + record.b, total > limit)')).toEqual([
      ['record', 'a'],
      ['record', 'b'],
      ['limit'],
    ]);
  });

  it('a name bound by cel.bind is still a variable in its own value', () => {
    expect(referencedPaths('cel.bind(x, x + 1, x)')).toEqual([['x']]);
  });

  it('a name a macro binds shadows a variable only inside the macro', () => {
    expect(referencedPaths('record.tags.all(record, record != "") && record.ok')).toEqual([
      ['record', 'tags'],
      ['record', 'ok'],
    ]);
  });

  it('type names are not variables', () => {
    expect(referencedPaths('type(record.n) == int')).toEqual([['record', 'n']]);
  });

  it('is null when the source does not parse, and returns copies the caller may change', () => {
    expect(referencedPaths('record.price >')).toBeNull();
    expect(referencedPaths('(((')).toBeNull();
    const first = referencedPaths('record.a')!;
    first[0]!.push('changed');
    expect(referencedPaths('record.a')).toEqual([['record', 'a']]);
  });
});
