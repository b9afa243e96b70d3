/**
 * The STIX 2.1 patterning grammar (STIX 2.1 OS, §9, and the normative `STIXPattern.g4` of OASIS
 * cti-pattern-validator), written for peggy. Precedence from loosest to tightest: FOLLOWEDBY, OR, AND between
 * observation expressions; qualifiers (WITHIN, REPEATS, START … STOP) bind to the observation before them; inside
 * brackets OR then AND between comparisons. Keywords are upper case only. Literals follow the lexer: strings in
 * single quotes with only `\'` and `\\` as escapes, `b'…'` base64, `h'…'` hex, `t'…'` RFC 3339 timestamps in UTC.
 *
 * Two checks the grammar cannot express are made here as the reference validator makes them: a qualifier kind
 * at most once on a bracketed observation, and a hash compared for equality must have its algorithm's form.
 */
export const STIX_PATTERN_GRAMMAR = String.raw`
{{
  const HASH_FORMS = {
    MD5: /^[a-fA-F0-9]{32}$/,
    'SHA-1': /^[a-fA-F0-9]{40}$/,
    'SHA-256': /^[a-fA-F0-9]{64}$/,
    'SHA-512': /^[a-fA-F0-9]{128}$/,
    'SHA3-256': /^[a-fA-F0-9]{64}$/,
    'SHA3-512': /^[a-fA-F0-9]{128}$/,
  };
  function joined(type, head, tail) {
    return tail.length === 0 ? head : { type, operands: [head, ...tail] };
  }
}}

Pattern = _ expression:ObservationExpressions _ { return expression; }

ObservationExpressions
  = head:ObservationOr tail:(_ "FOLLOWEDBY" !IdChar _ @ObservationOr)* { return joined('followedby', head, tail); }

ObservationOr
  = head:ObservationAnd tail:(_ "OR" !IdChar _ @ObservationAnd)* { return joined('or', head, tail); }

ObservationAnd
  = head:Qualified tail:(_ "AND" !IdChar _ @Qualified)* { return joined('and', head, tail); }

Qualified
  = operand:Bracketed qualifiers:(_ @Qualifier)* {
      // As the reference validator: a bracketed observation takes each kind of qualifier once, while a
      // parenthesised expression may stack them ("([…]) WITHIN 5 SECONDS WITHIN 6 SECONDS" is valid).
      const seen = new Set();
      for (const q of qualifiers) {
        if (seen.has(q.kind)) error('Duplicate qualifier type encountered: ' + q.kind.toUpperCase().replace('_', ''));
        seen.add(q.kind);
      }
      return qualifiers.length === 0 ? operand : { type: 'qualified', operand, qualifiers };
    }
  / operand:Grouped qualifiers:(_ @Qualifier)* {
      return qualifiers.length === 0 ? operand : { type: 'qualified', operand, qualifiers };
    }

Bracketed = "[" _ comparison:Comparison _ "]" { return { type: 'observation', comparison }; }

Grouped = "(" _ @ObservationExpressions _ ")"

Qualifier
  = "WITHIN" __ seconds:(FloatPos / IntPos) __ "SECONDS" !IdChar { return { kind: 'within', seconds: seconds.value }; }
  / "REPEATS" __ times:IntPos __ "TIMES" !IdChar { return { kind: 'repeats', times: times.value }; }
  / "START" _ start:Timestamp _ "STOP" _ stop:Timestamp { return { kind: 'start_stop', start: start.value, stop: stop.value }; }

Comparison
  = head:ComparisonAnd tail:(_ "OR" !IdChar _ @ComparisonAnd)* { return joined('or', head, tail); }

ComparisonAnd
  = head:PropertyTest tail:(_ "AND" !IdChar _ @PropertyTest)* { return joined('and', head, tail); }

PropertyTest
  = "(" _ @Comparison _ ")"
  / "EXISTS" __ path:ObjectPath { return { type: 'exists', path }; }
  / path:ObjectPath _ negated:("NOT" __)? test:Test {
      const name = path.steps.length === 1 && path.steps[0].property === 'hashes' ? null
        : path.steps.length === 2 && path.steps[0].property === 'hashes' ? path.steps[1].property : null;
      const form = name && HASH_FORMS[name];
      if (form && (test.operator === '=' || test.operator === '!=') && test.value.type === 'string'
          && !form.test(test.value.value))
        error("'" + test.value.value + "' is not a valid " + name + ' hash');
      return { type: 'comparison', path, negated: negated !== null, ...test };
    }

Test
  = ("==" / "=") _ value:Primitive { return { operator: '=', value }; }
  / ("!=" / "<>") _ value:Primitive { return { operator: '!=', value }; }
  / operator:(">=" / "<=" / ">" / "<") _ value:Orderable { return { operator, value }; }
  / "IN" !IdChar _ values:Set { return { operator: 'IN', value: { type: 'set', values } }; }
  / operator:("LIKE" / "MATCHES" / "ISSUBSET" / "ISSUPERSET") !IdChar _ value:String { return { operator, value }; }

ObjectPath
  = objectType:$([a-zA-Z_][a-zA-Z0-9_-]*) ":" first:(Identifier / String) rest:PathStep* {
      return { objectType, steps: [{ property: typeof first === 'string' ? first : first.value }, ...rest] };
    }

PathStep
  = "." step:(Identifier / String) { return { property: typeof step === 'string' ? step : step.value }; }
  / "[" index:("*" / IntNeg / IntPos) "]" { return { index: index === '*' ? '*' : index.value }; }

Identifier = $([a-zA-Z_][a-zA-Z0-9_]*)

Set
  = "(" _ ")" { return []; }
  / "(" _ head:Primitive tail:(_ "," _ @Primitive)* _ ")" { return [head, ...tail]; }

Primitive = Orderable / Boolean

Orderable = FloatNeg / FloatPos / IntNeg / IntPos / String / Binary / Hex / Timestamp

Boolean = value:("true" / "false") !IdChar { return { type: 'boolean', value: value === 'true' }; }

IntPos = text:$("+"? ("0" / [1-9][0-9]*)) !("." / [0-9]) { return { type: 'integer', value: Number(text) }; }
IntNeg = text:$("-" ("0" / [1-9][0-9]*)) !("." / [0-9]) { return { type: 'integer', value: Number(text) }; }
FloatPos = text:$("+"? [0-9]* "." [0-9]+) { return { type: 'float', value: Number(text) }; }
FloatNeg = text:$("-" [0-9]* "." [0-9]+) { return { type: 'float', value: Number(text) }; }

String = "'" chars:("\\'" { return "'"; } / "\\\\" { return "\\"; } / [^'\\])* "'" {
    return { type: 'string', value: chars.join('') };
  }

Binary
  = "b'" value:$(([A-Za-z0-9+/][A-Za-z0-9+/][A-Za-z0-9+/][A-Za-z0-9+/])*
                 ([A-Za-z0-9+/][A-Za-z0-9+/] "==" / [A-Za-z0-9+/][A-Za-z0-9+/][A-Za-z0-9+/] "=")?) "'" {
      return { type: 'binary', value };
    }

Hex = "h'" value:$(([a-fA-F0-9][a-fA-F0-9])*) "'" { return { type: 'hex', value }; }

Timestamp
  = "t'" value:$([0-9][0-9][0-9][0-9] "-" ("0" [1-9] / "1" [0-2]) "-" ("0" [1-9] / [12] [0-9] / "3" [01])
               "T" ([01] [0-9] / "2" [0-3]) ":" [0-5] [0-9] ":" ([0-5] [0-9] / "60") ("." [0-9]+)? "Z") "'" {
      return { type: 'timestamp', value };
    }

IdChar = [a-zA-Z0-9_]

_ "whitespace" = [ \t\r\n]*
__ "whitespace" = [ \t\r\n]+
`;
