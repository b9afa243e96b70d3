import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStixPattern } from './stix-pattern.js';

// The patterns of the STIX 2.1 patterning specification, as OASIS's reference validator tests them
// (oasis-open/cti-pattern-validator, stix2patterns/test/v21/spec_examples.txt, commit e1d38d6).
const SPEC_EXAMPLES = readFileSync(
  join(import.meta.dirname, 'testdata', 'stix-2.1-pattern-examples.txt'),
  'utf8',
)
  .split('\n')
  .map((line) => line.trim())
  .filter(Boolean);

// The reference validator's own pass and fail cases (test_validator.py), with the failure it reports.
const VALID = [
  '[file:size = 1280]',
  '[file:size != 1280]',
  '[file:size <= 1024]',
  '[file:size >= 1024]',
  "[file:extended_properties.'ntfs-ext'.sid = '234']",
  String.raw`[emailaddr:value MATCHES '.+\\@ibm\\.com$' OR file:name MATCHES '^Final Report.+\\.exe$']`,
  "[ipv4addr:value NOT ISSUBSET '192.168.0.1/24']",
  "[user-account:value = 'Peter'] AND [user-account:value != 'Paul'] AND [user-account:value = 'Mary'] WITHIN 5 SECONDS",
  "[file:file_name IN ('test.txt', 'test2.exe', 'README')]",
  '[file:size IN (1024, 2048, 4096)]',
  "[network-connection:extended_properties[0].source_payload MATCHES 'dGVzdHRlc3R0ZXN0']",
  "[x_whatever:detected == t'2018-03-22T12:11:14.1Z']",
  "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
  '[foo:bar=1] REPEATS 9 TIMES',
  '( [(network-traffic:dst_port IN(443,6443,8443) AND network-traffic:src_packets != 0) ])',
  String.raw`([win-registry-key:key = 'hkey_local_machine\\foo\\bar']) WITHIN 5 SECONDS WITHIN 6 SECONDS`,
  String.raw`([win-registry-key:key = 'hkey_local_machine\\foo\\bar'] REPEATS 2 TIMES) REPEATS 2 TIMES`,
  "[network-traffic:src_port = 37020 AND user-account:user_id = 'root'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' OR [ipv4-addr:value = '192.168.122.83'] START t'2016-06-01T03:55:00.123Z' STOP t'2016-06-01T04:30:24.743Z'",
  "[file:hashes[*] = '8665c8d477534008b3058b72e2dae8ae']",
  "[x:created = t'2024-02-29T12:00:00Z']",
  "[x:created = t'2024-01-15T12:30:45.123456Z']",
];

const INVALID: [pattern: string, reason: RegExp][] = [
  ['file:size = 1280', /Expected "\(" or "\["/],
  ['[file:size = ]', /Expected/],
  ['[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]', /Expected/],
  ['[file.size = 1280]', /Expected ":"/],
  [String.raw`[file:name MATCHES /.*\.dll/]`, /Expected/],
  [String.raw`[win-registry-key:key = 'hkey_local_machine\\foo\\bar'] WITHIN ]`, /Expected/],
  [String.raw`[win-registry-key:key = 'hkey_local_machine\\foo\\bar'] WITHIN 5 HOURS]`, /Expected "SECONDS"/],
  [String.raw`[win-registry-key:key = 'hkey_local_machine\\foo\\bar'] WITHIN -5 SECONDS]`, /Expected/],
  ['[network-traffic:dst_ref.value ISSUBSET ]', /Expected/],
  ["[file:hashes.MD5 =? 'cead3f77f6cda6ec00f57d76c9a6879f']", /Expected/],
  ["[x_whatever:detected == t'2457-73-22T32:81:84.1Z']", /Expected/],
  ["[artifact:payload_bin = b'====']", /Expected/],
  ['[foo:bar=1] within 2 seconds', /Expected/],
  ["[file:hashes.'SHA-256' = 'f00']", /'f00' is not a valid SHA-256 hash/],
  [
    String.raw`[win-registry-key:key = 'hkey_local_machine\\foo\\bar'] WITHIN 5 SECONDS WITHIN 6 SECONDS`,
    /Duplicate qualifier type encountered: WITHIN/,
  ],
  [
    String.raw`([win-registry-key:key = 'hkey_local_machine\\foo\\bar'] REPEATS 2 TIMES REPEATS 3 TIMES)`,
    /Duplicate qualifier type encountered: REPEATS/,
  ],
  [
    String.raw`[win-registry-key:key = 'x'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z'`,
    /Duplicate qualifier type encountered: STARTSTOP/,
  ],
  ["[x:created = t'2024-13-01T12:00:00Z']", /Expected/],
  ["[x:created = t'2024-01-32T12:00:00Z']", /Expected/],
  ["[x:created = t'2024-01-15T25:00:00Z']", /Expected/],
  ["[x:created = t'2024-01-15T12:30:61Z']", /Expected/],
  ["[x:created = t'2024-01-15T12:30:45']", /Expected/],
];

describe('STIX 2.1 patterns', () => {
  it('reads every example of the specification', () => {
    expect(SPEC_EXAMPLES.length).toBeGreaterThan(20);
    const refused = SPEC_EXAMPLES.filter((p) => !parseStixPattern(p).ok);
    expect(refused).toEqual([]);
  });

  it.each(VALID)('reads %s', (pattern) => {
    const parsed = parseStixPattern(pattern);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
  });

  it.each(INVALID)('refuses %s', (pattern, reason) => {
    const parsed = parseStixPattern(pattern);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.message).toMatch(reason);
  });

  it('gives the structure of a pattern: observations, operators, qualifiers, paths and typed values', () => {
    const parsed = parseStixPattern(
      String.raw`[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:name = 'a\'b\\c'] FOLLOWEDBY [ipv4-addr:value ISSUBSET '198.51.100.0/24'] WITHIN 300 SECONDS`,
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        type: 'followedby',
        operands: [
          {
            type: 'observation',
            comparison: {
              type: 'and',
              operands: [
                {
                  type: 'comparison',
                  path: { objectType: 'file', steps: [{ property: 'hashes' }, { property: 'SHA-256' }] },
                  negated: false,
                  operator: '=',
                  value: {
                    type: 'string',
                    value: 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f',
                  },
                },
                {
                  type: 'comparison',
                  path: { objectType: 'file', steps: [{ property: 'name' }] },
                  negated: false,
                  operator: '=',
                  value: { type: 'string', value: String.raw`a'b\c` },
                },
              ],
            },
          },
          {
            type: 'qualified',
            operand: {
              type: 'observation',
              comparison: {
                type: 'comparison',
                path: { objectType: 'ipv4-addr', steps: [{ property: 'value' }] },
                negated: false,
                operator: 'ISSUBSET',
                value: { type: 'string', value: '198.51.100.0/24' },
              },
            },
            qualifiers: [{ kind: 'within', seconds: 300 }],
          },
        ],
      },
    });
  });

  it('says where a pattern stops making sense', () => {
    const parsed = parseStixPattern("[file:name = 'x'] AND file:size = 1");
    expect(parsed).toMatchObject({ ok: false, error: { column: 23 } });
  });
});
