import { describe, expect, it } from 'vitest';
import { readSecurityTxt } from './security-txt.js';

const now = new Date('2026-12-04T12:00:00Z');
const at = new URL('https://consejo.example/.well-known/security.txt');
const plain = (text: string) => ({ status: 200, contentType: 'text/plain; charset=utf-8', text });

describe('security.txt (RFC 9116)', () => {
  it('accepts a file with a contact and an expiry within the year', () => {
    const file = readSecurityTxt(
      at,
      plain(
        '# Equipo de seguridad\nContact: mailto:seguridad@consejo.example\nContact: https://consejo.example/seguridad\nExpires: 2027-06-01T00:00:00Z\nPreferred-Languages: es, en\n',
      ),
      now,
    );
    expect(file).toMatchObject({ found: true, problems: [], expires: '2027-06-01T00:00:00Z' });
    expect(file.contacts).toEqual(['mailto:seguridad@consejo.example', 'https://consejo.example/seguridad']);
  });

  it('names each requirement a file breaks', () => {
    const cases: [string, string[]][] = [
      ['Expires: 2027-06-01T00:00:00Z', ['no_contact']],
      ['Contact: seguridad@consejo.example\nExpires: 2027-06-01T00:00:00Z', ['contact_not_uri']],
      ['Contact: mailto:a@b.example', ['no_expires']],
      ['Contact: mailto:a@b.example\nExpires: 2026-01-01T00:00:00Z', ['expired']],
      ['Contact: mailto:a@b.example\nExpires: 1 June 2027', ['expires_invalid']],
      ['Contact: mailto:a@b.example\nExpires: 2030-01-01T00:00:00Z', ['expires_far']],
      [
        'Contact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\nExpires: 2027-02-01T00:00:00Z',
        ['expires_repeated'],
      ],
    ];
    for (const [text, problems] of cases)
      expect(readSecurityTxt(at, plain(text), now).problems, text).toEqual(problems);
  });

  it('says when the file is missing, served over http or not as plain text', () => {
    expect(readSecurityTxt(at, { status: 404, contentType: 'text/html', text: '' }, now).problems).toEqual([
      'missing',
    ]);
    expect(readSecurityTxt(at, null, now).found).toBe(false);
    const overHttp = new URL('http://consejo.example/.well-known/security.txt');
    const html = {
      status: 200,
      contentType: 'text/html',
      text: 'Contact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z',
    };
    expect(readSecurityTxt(overHttp, html, now).problems).toEqual(['not_https', 'not_plain_text']);
  });

  it('reads a signed file', () => {
    const signed =
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@b.example\nExpires: 2027-01-01T00:00:00Z\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n';
    expect(readSecurityTxt(at, plain(signed), now)).toMatchObject({ signed: true, problems: [] });
  });
});
