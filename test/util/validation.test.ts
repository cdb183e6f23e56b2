import {
  byteLength,
  atoi,
  getScaledValueFromIntOrPercent,
  IntOrStringError,
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isInRange,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
} from '../../src/util/validation';

/**
 * Tables ported from staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go and
 * staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr_test.go (Kubernetes 1.28.7). Exact
 * messages were checked against Go's functions.
 */

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PERCENT_MSG =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

describe('TestIsDNS1123Label (validation_test.go)', () => {
  const good = ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)];
  const bad = [
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
    '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    'a'.repeat(64),
  ];
  test.each(good)('good %j', (v) => expect(isDNS1123Label(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isDNS1123Label(v).length).toBeGreaterThan(0));
  test('exact messages', () => {
    expect(isDNS1123Label('A')).toEqual([DNS1123_LABEL_MSG]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('TestIsDNS1123Subdomain (validation_test.go)', () => {
  const good = [
    'a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b',
    '0', '01', '012', '1a', '1-a', '1--a--b--2',
    'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a',
    'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1',
    '0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2',
    '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1',
    'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55',
    'a'.repeat(253),
  ];
  const bad = [
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
    '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A',
    'A.1', 'aB.1', 'A1.1', '1A.1',
    '0.A', '01.A', '012.A', '1A.a', '1a.A',
    'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee',
    'a@b', 'a,b', 'a_b', 'a;b',
    'a:b', 'a%b', 'a?b', 'a$b',
    'a'.repeat(254),
  ];
  test.each(good)('good %j', (v) => expect(isDNS1123Subdomain(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0));
  test('exact messages', () => {
    expect(isDNS1123Subdomain('A')).toEqual([DNS1123_SUBDOMAIN_MSG]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('TestIsDNS1035Label (validation_test.go)', () => {
  const good = ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', 'a'.repeat(63)];
  const bad = [
    '0', '01', '012', '1a', '1-a', '1--a--b--2',
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
    '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    'a'.repeat(64),
  ];
  test.each(good)('good %j', (v) => expect(isDNS1035Label(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isDNS1035Label(v).length).toBeGreaterThan(0));
});

describe('TestIsCIdentifier (validation_test.go)', () => {
  const good = [
    'a', 'ab', 'abc', 'a1', '_a', 'a_', 'a_b', 'a_1', 'a__1__2__b', '__abc_123',
    'A', 'AB', 'AbC', 'A1', '_A', 'A_', 'A_B', 'A_1', 'A__1__2__B', '__123_ABC',
  ];
  const bad = [
    '', '1', '123', '1a',
    '-', 'a-', '-a', '1-', '-1', '1_', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    '#a#',
  ];
  test.each(good)('good %j', (v) => expect(isCIdentifier(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isCIdentifier(v).length).toBeGreaterThan(0));
});

describe('TestIsValidPortNum (validation_test.go)', () => {
  test.each([1, 2, 1000, 16384, 32768, 65535])('good %d', (v) => expect(isValidPortNum(v)).toEqual([]));
  test.each([0, -1, 65536, 100000])('bad %d', (v) =>
    expect(isValidPortNum(v)).toEqual(['must be between 1 and 65535, inclusive']));
  test('IsInRange', () => {
    expect(isInRange(5, 1, 10)).toEqual([]);
    expect(isInRange(11, 1, 10)).toEqual(['must be between 1 and 10, inclusive']);
  });
});

describe('TestIsValidPortName (validation_test.go)', () => {
  const good = ['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'];
  const bad = ['longerthan15characters', '', 'a'.repeat(16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++'];
  test.each(good)('good %j', (v) => expect(isValidPortName(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isValidPortName(v).length).toBeGreaterThan(0));
});

describe('TestIsQualifiedName (validation_test.go)', () => {
  const good = [
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    'a'.repeat(253) + '/' + 'b'.repeat(63),
  ];
  const bad = [
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    'a'.repeat(254) + '/abc',
  ];
  test.each(good)('good %j', (v) => expect(isQualifiedName(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0));
  test('exact messages', () => {
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('example.com/')).toEqual(['name part must be non-empty', QUALIFIED_NAME_PART_MSG]);
    expect(isQualifiedName('Example.com/abc')).toEqual(['prefix part ' + DNS1123_SUBDOMAIN_MSG]);
    expect(isQualifiedName('cantendwithadash-')).toEqual([QUALIFIED_NAME_PART_MSG]);
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(isQualifiedName('only/one/slash')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe('TestIsValidLabelValue (validation_test.go)', () => {
  const good = ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), ''];
  const bad = [
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    'a'.repeat(64),
  ];
  test.each(good)('good %j', (v) => expect(isValidLabelValue(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0));
  test('exact messages', () => {
    expect(isValidLabelValue('-starts-with-dash')).toEqual([LABEL_VALUE_MSG]);
    expect(isValidLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
  test('lengths are UTF-8 bytes, as Go counts them', () => {
    // 32 two-byte characters: 64 bytes in Go, 32 UTF-16 units in JS.
    expect(isValidLabelValue('ā'.repeat(32))).toEqual(['must be no more than 63 characters', LABEL_VALUE_MSG]);
  });
});

describe('TestIsValidPercent (validation_test.go)', () => {
  const good = ['0%', '00000%', '1%', '01%', '99%', '100%', '101%'];
  const bad = ['', '0', '100', '0.0%', '99.9%', 'hundred', ' 1%', '1% ', '-0%', '-1%', '+1%'];
  test.each(good)('good %j', (v) => expect(isValidPercent(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isValidPercent(v)).toEqual([PERCENT_MSG]));
});

describe('TestIsConfigMapKey (validation_test.go)', () => {
  const good = ['a', 'good', 'good-good', 'still.good', 'this.is.also.good', '.so.is.this', 'THIS_IS_GOOD', 'so_is_this_17'];
  const bad = ['.', '..', '..bad', 'b*d', 'bad!&bad'];
  test.each(good)('good %j', (v) => expect(isConfigMapKey(v)).toEqual([]));
  test.each(bad)('bad %j', (v) => expect(isConfigMapKey(v).length).toBeGreaterThan(0));
});

describe('TestGetIntFromIntOrPercent (intstr_test.go)', () => {
  // input, total, roundUp, expected value (undefined = error)
  const cases: Array<[number | string, number, boolean, number | undefined]> = [
    [123, 0, false, 123],
    ['90%', 100, true, 90],
    ['90%', 95, true, 86],
    ['90%', 95, false, 85],
    ['%', 0, false, undefined],
    ['90#', 0, false, undefined],
    ['#%', 0, false, undefined],
    ['90', 0, false, undefined],
  ];
  test.each(cases)('%j of %d (roundUp=%s)', (input, total, roundUp, want) => {
    if (want === undefined) {
      expect(() => getScaledValueFromIntOrPercent(input, total, roundUp)).toThrow(IntOrStringError);
    } else {
      expect(getScaledValueFromIntOrPercent(input, total, roundUp)).toBe(want);
    }
  });
});

describe('TestGetValueFromIntOrPercentNil (intstr_test.go)', () => {
  test('nil is an error', () => {
    expect(() => getScaledValueFromIntOrPercent(undefined, 0, false)).toThrow('nil value for IntOrString');
  });
});

describe("GetScaledValueFromIntOrPercent: Go's error texts and DaemonSet rounding (checked against Go)", () => {
  const cases: Array<[number | string, number, number | string]> = [
    ['50%', 3, 2],
    ['10%', 150, 15],
    ['1%', 0, 0],
    ['1%', 150, 2],
    [7, 0, 7],
    ['-5%', 7, 0],
    ['+5%', 100, 5],
    ['90', 10, 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['#%', 10, 'invalid value for IntOrString: invalid value "#%": strconv.Atoi: parsing "#": invalid syntax'],
    [' 5%', 10, 'invalid value for IntOrString: invalid value " 5%": strconv.Atoi: parsing " 5": invalid syntax'],
    ['5.5%', 10, 'invalid value for IntOrString: invalid value "5.5%": strconv.Atoi: parsing "5.5": invalid syntax'],
    ['99999999999999999999%', 10,
      'invalid value for IntOrString: invalid value "99999999999999999999%": strconv.Atoi: parsing "99999999999999999999": value out of range'],
  ];
  test.each(cases)('%j of %d rounding up', (input, total, want) => {
    if (typeof want === 'string') {
      expect(() => getScaledValueFromIntOrPercent(input, total, true)).toThrow(want);
    } else {
      expect(getScaledValueFromIntOrPercent(input, total, true)).toBe(want);
    }
  });
  test('a non-integer number is rejected with a clear message', () => {
    expect(() => getScaledValueFromIntOrPercent(1.5, 10, true)).toThrow(/1\.5 is not an integer/);
  });
  test('atoi', () => {
    expect(atoi('+7')).toBe(7);
    expect(() => atoi('')).toThrow('strconv.Atoi: parsing "": invalid syntax');
  });
});

describe('byteLength is Go\'s len(s): UTF-8 bytes', () => {
  test.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['a€b', 5],
    ['😀', 4],
    ['x'.repeat(64) + 'ü', 66],
  ])('%j -> %d', (value, bytes) => {
    expect(byteLength(value)).toBe(bytes);
    expect(byteLength(value)).toBe(Buffer.byteLength(value, 'utf8'));
  });
});
