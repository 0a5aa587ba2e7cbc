import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './python-json.ts';

describe("the Python runtime's serialisation of a recorded function's result", () => {
  it('writes what json.dumps writes: spaced separators, non-ASCII escaped', () => {
    // python3 -c 'import json;print(json.dumps({"a":[1,"é😀",None,True,{"b":"x\n\u007f"}]}))'
    expect(pythonJsonDumps({ a: [1, 'é😀', null, true, { b: 'x\n\u007f' }] })).toBe('{"a": [1, "\\u00e9\\ud83d\\ude00", null, true, {"b": "x\\n\\u007f"}]}');
  });

  it('is 23 bytes for the body LocalStack recorded a Content-Length of 23 for', () => {
    expect(Buffer.byteLength(pythonJsonDumps({ body: 'string body' }))).toBe(23);
  });
});
