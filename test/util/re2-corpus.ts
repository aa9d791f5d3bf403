/**
 * Hand-written RE2 patterns covering every rule of Go's regexp parser (regexp/syntax/parse.go,
 * Perl flags) and every error it reports: escapes, classes, ranges, Unicode and POSIX names,
 * repeats, nesting, flags, named groups and invalid UTF-8 (lone surrogates). Go's verdict on each
 * is recorded in test/fixtures/re2-go-verdicts.json (test/private/re2.test.ts compares the parser
 * with it; test/istio/regex.differential.ts checks the recording against Go itself).
 */
export const RE2_CORPUS: string[] = [
  // literals and the empty pattern
  '', 'a', 'abc', 'é', '日本', '😀', '\u0000', 'a b', '\ufffd', '\t\n',
  // alternation and groups
  'a|b', 'a|', '|a', '|', '||', 'a||b', '(a|b)', '(|)', '()', '(())', '(a)(b)', '((a)|(b))*', 'a|b|c|d', 'ab|ac', 'abc|abd|aef',
  'a|.|\\n', '(?:)', '(?:a|b)', '(?:(?:a))', 'x(?:)y',
  // alternations Go factors: common literal prefixes, common leading classes or fixed repeats, runs of single characters
  'a|a', 'ab[c]', 'ab|a[cd]', 'abc*|abd*', 'abc*d|abe*f', '[ab]x|[ab]y', '[ab]x*|[ab]y*', '[ab]x*z|[ab]y*z', '[ab]x|[cd]y', 'a{2}b|a{2}c',
  'a{2}b|a{3}c', 'a*b|a*c', 'a*?b|a*c', '(a)b|(a)c', '(?:a|bc)d|(?:a|bc)e', '$a|$b', '$a|\\zb', '^a|^b', 'ab|[^\\n]', 'ab|[\\s\\S]', '(?:a*b)c',
  '(?:a*|b*)|c*', '(?i)ab|(?i)ac', '(?i:a)b|ac', 'a|b|ab|ac|b', '(?:)|(?:)|a', '[ab]|[ab]x', '[ab]x|[ab]', '(?i)[é]|x', '(?i)\\d|x',
  // unbalanced parentheses
  '(', ')', 'a)', '(a', '((a)', '(a))', '())', '(()', ')(', 'a|b)', '(a|b', '(?:a', '(?i:a', '(?P<n>a', '(?<n>a', '[a])', '\\)', '\\(',
  // anchors and assertions
  '^', '$', '^$', '^a$', '\\A', '\\z', '\\b', '\\B', '\\Aa\\z', '^*', '$+', '\\b?', '\\A{2}', '(?m)^a$', '(?m)^*',
  // dot
  '.', '.*', '(?s).*', '(?s:.)', '.+', '.?', '..', '.{2}',
  // repetition
  'a*', 'a+', 'a?', 'a*?', 'a+?', 'a??', 'a{2}', 'a{2,}', 'a{2,3}', 'a{0}', 'a{0,0}', 'a{0,1}', 'a{1000}', 'a{1001}', 'a{0,1000}',
  'a{0,1001}', 'a{1000,}', 'a{1001,}', 'a{2,1}', 'a{3,3}', 'a{1,2}?', 'a{,5}', 'a{', 'a{1', 'a{1,', 'a{1,2', 'a{x}', 'a{1x}', 'a{01}',
  'a{00}', 'a{0}b', 'a{99999999}', 'a{100000000}', 'a{1,100000000}', 'a{100000000,1}', 'a{}', '{', '}', '{1}', 'x{1}{2}', '{1,2}',
  'a{ 1}', 'a{1 }', 'a{-1}', 'a{+1}', 'a{1,x}', 'a{1,1000000000}', 'a{1000000000}', 'a{1000000000,}',
  // missing repetition argument and nesting
  '*', '+', '?', '*?', '+?', '??', '(*)', '(+a)', '(?i)*', 'a(?i)*', '|*', 'a|*', '(|*)', '(?:*)', '(?:a)*', '(a)*', 'a**', 'a*+', 'a+*',
  'a???', 'a*??', 'a**?', 'a*?*', 'a{2}*', 'a{2}{3}', 'a*{2}', 'a{2}?{3}', 'a*{', 'a*{,2}', 'a*\\*', '(a*)*', '(?:a*)*', '(a*)+', 'a{2}{',
  // nested counted repeats (at most 1000 copies)
  '(a{10}){100}', '(a{10}){101}', '(a{2}){500}', '(a{2}){501}', '((a{10}){10}){10}', '((a{10}){10}){11}', '(a{1000}){1}', '(a{1000}){2}',
  '(a{0}){1000}', '(a*){1000}', '(a{2}|b{3}){333}', '(a{2}|b{3}){334}', '(?:a{1000}){0,1}', '(?:a{1000}){1,}', '(?:a{1,1000})*', '(a{500}){2,2}',
  '(a{10}b{100}){10}', '(a{10}b{101}){10}',
  // Go's size limit (3,355,443 instructions), checked before the repeat count; alternations are factored first
  '(?:(?:aaa){1000}){1000}', '(?:(?:aaaa){1000}){1000}', '((\\.*?){1000}){1000}', '(?:(?:ab|ac){1000}){1000}', '(?:(?:ab|cd){1000}){1000}',
  '(?:(?:a|b){1000}){1000}', '(?:(?:ab|a){1000}){1000}', '(?:.{1000}){1000}', '(?:(?:\\pL|\\pN){1000}){1000}', '(?:(?:a+b?){1000}){1000}',
  '(?:(?:a+b?c){1000}){1000}',
  // escapes
  '\\', 'a\\', '\\\\', '\\.', '\\*', '\\_', '\\-', '\\ ', '\\/', '\\"', '\\\'', '\\@', '\\~', '\\#', '\\a', '\\f', '\\n', '\\r', '\\t', '\\v',
  '\\e', '\\y', '\\Z', '\\C', '\\c', '\\g', '\\h', '\\H', '\\i', '\\j', '\\k', '\\K', '\\l', '\\L', '\\m', '\\N', '\\o', '\\R', '\\u', '\\U',
  '\\u0041', '\\U00000041', '\\V', '\\X', '\\Y', '\\G', '\\E', '\\é', '\\😀', '\\0', '\\00', '\\000', '\\0000', '\\07', '\\08', '\\1', '\\12',
  '\\123', '\\1234', '\\7', '\\77', '\\8', '\\9', '\\18', '\\x', '\\x4', '\\x41', '\\xg1', '\\x4g', '\\x{', '\\x{}', '\\x{41}', '\\x{0}',
  '\\x{10FFFF}', '\\x{110000}', '\\x{1000000}', '\\x{00000000041}', '\\x{41', '\\x{zz}', '\\x{4z}', '\\x{ 41}', '\\xFF', '\\xff',
  // \Q…\E
  '\\Q', '\\Qab', '\\Qa.b\\E', '\\Q\\E', '\\Qab\\E*', '\\Q*\\E', '\\Qa\\Eb\\E', '\\E', '\\Q\\', '\\Q(\\E', '[\\Q]', '\\Q日本\\E+',
  // Perl classes
  '\\d', '\\D', '\\s', '\\S', '\\w', '\\W', '\\d+', '[\\d]', '[\\D]', '[\\s\\S]', '[\\w\\W]*', '[\\d-z]', '[a-\\d]', '[\\d-\\w]', '[^\\d]',
  // Unicode classes
  '\\pL', '\\PL', '\\pN', '\\pZ', '\\pl', '\\p', '\\P', '\\p{', '\\p{}', '\\p{L}', '\\p{^L}', '\\P{^L}', '\\p{^}', '\\p{Greek}', '\\p{greek}',
  '\\p{GREEK}', '\\p{Greek', '\\p{Foo}', '\\pX', '\\p^', '\\pé', '\\p{Latin}+', '\\p{Han}', '\\p{Any}', '\\P{Any}', '\\p{Assigned}',
  '\\p{ASCII}', '\\p{ascii}', '\\p{LC}', '\\p{Lc}', '\\p{L&}', '\\p{Lu}', '\\p{Ll}', '\\p{Letter}', '\\p{letter}', '\\p{Cased_Letter}',
  '\\p{cased letter}', '\\p{cased-letter}', '\\p{_L_}', '\\p{Old_Italic}', '\\p{Olditalic}', '\\p{Linear_B}', '\\p{Cn}', '\\p{Co}',
  '\\p{Cs}', '\\p{Zl}', '\\p{Zp}', '\\p{Nd}', '\\p{Decimal_Number}', '\\p{punct}', '\\p{Punct}', '\\p{digit}', '\\p{cntrl}', '\\p{Other}',
  '\\p{Unassigned}', '\\p{Common}', '\\p{Inherited}', '\\p{Braille}', '\\p{L}\\p{M}*', '[\\pL]', '[\\p{Greek}\\d]', '[^\\pN]', '[\\p{Foo}]',
  '[\\pL-z]', '[a-\\pL]', '\\p{Greek}{2}', '[\\p{L}\\P{L}]', '\\pLu', '\\p{ L}', '\\p{L }', '\\p{1}', '\\p{Lu}}',
  // bracket classes
  '[a]', '[abc]', '[a-z]', '[a-zA-Z0-9]', '[^a]', '[^a-z]', '[]', '[]a]', '[^]a]', '[]]', '[^]]', '[^]', '[', '[a', '[a-', '[a-z', '[^',
  '[]a', '[\\]]', '[\\]', '[a\\]', '[-]', '[-a]', '[a-]', '[a-b-c]', '[--]', '[---]', '[z-a]', '[a-a]', '[b-a]', '[\\x00-\\x{10FFFF}]',
  '[\\x{10FFFF}-\\x00]', '[é-à]', '[à-é]', '[a-é]', '[😀-😃]', '[😃-😀]', '[.]', '[*]', '[(]', '[)]', '[|]', '[$^]', '[\\b]', '[\\B]',
  '[\\A]', '[\\z]', '[\\Z]', '[\\Q]', '[\\E]', '[\\C]', '[\\y]', '[\\1]', '[\\0]', '[\\07]', '[\\x41]', '[\\x{41}]', '[\\n]', '[\\.]',
  '[\\-]', '[a\\-z]', '[\\w-]', '[-\\w]', '[\\e]', '[\\u0041]', '[ab-]', '[\\^]', '[a^]', '[^^]', '[[]', '[[a]', '[]]]', '[a]]', '[\\[]',
  // POSIX classes
  '[[:alpha:]]', '[[:^alpha:]]', '[[:alnum:]]', '[[:ascii:]]', '[[:blank:]]', '[[:cntrl:]]', '[[:digit:]]', '[[:graph:]]', '[[:lower:]]',
  '[[:print:]]', '[[:punct:]]', '[[:space:]]', '[[:upper:]]', '[[:word:]]', '[[:xdigit:]]', '[[:^xdigit:]]', '[[:foo:]]', '[[:Alpha:]]',
  '[[:alpha]]', '[[:alpha:]', '[[:alpha:]-z]', '[a-[:alpha:]]', '[[:]]', '[[::]]', '[[:^:]]', '[[:a]b:]]', '[[:alpha:][:digit:]]', '[:alpha:]',
  '[[.a.]]', '[[=a=]]', '[[:alpha:]', '[[:', '[[:alpha', '[x[:alpha:]y]', '[^[:alpha:]]',
  // flags
  '(?i)a', '(?i)abc', '(?i:a)b', '(?m)a', '(?s)a', '(?U)a*', '(?imsU)a', '(?-i)a', '(?i-s)a', '(?i-s:a)', '(?-)a', '(?i-)a', '(?--i)a',
  '(?i-i)a', '(?-i-s)a', '(?:a)', '(?x)a', '(?a)', '(?', '(?i', '(?i-', '(?i:', '(?)', '(?:', '(?-:a)', '(?i-:a)', '(?=a)', '(?!a)', '(?<=a)',
  '(?<!a)', '(?<=a)>', '(?#comment)', '(?|a)', '(?>a)', '(?P=n)', '(?P>n)', '(?\'n\'a)', '(?&n)', '(?R)', '(?1)', '(?+1)', '(?i)(?s).',
  '(?é)', '(?i)[a-z]', '(?i)[^k]', '(?i)\\W', '(?i)[[:upper:]]', '(?i)\\p{Lu}', '((?i)a)b', '(?i)é', '(?U)(?-U)a*',
  // named groups
  '(?P<name>a)', '(?P<n>a)(?P<n>b)', '(?<name>a)', '(?P<>a)', '(?<>a)', '(?P<a-b>x)', '(?P<1>x)', '(?P<_>x)', '(?P<é>x)', '(?P<name',
  '(?P<name>', '(?<name', '(?P', '(?P<', '(?<', '(?<a>)', '(?P<a b>x)', '(?P<a>b', '(?P<a>b))', '(?P<a:b>x)', '(?P<a>', '(?P<x>y)*', '(?Px)',
  // backreferences and other Perl constructs Go does not support
  '(a)\\1', '(a)\\2', '\\k<n>', '\\g1', 'a++', 'a*+', 'a?+', '\\X', '\\R',
  // long and deep
  'a'.repeat(1024), 'a{1000}b{1000}c{1000}', '('.repeat(100) + ')'.repeat(100), '(a|'.repeat(50) + ')'.repeat(50), '[a-z]{2,1000}',
  // what this library writes (canary cookies, prefixes turned into regexes)
  '^(.*?;\\s*)?(canary=always)(;.*)?$', '^(.*?;\\s*)?(a\\.b=c\\+d)(;.*)?$', '/api/v1/.*', '\\Q/a.b\\E.*', '^/users/[0-9]+$', '(?i)^bearer .+',
  // lone surrogates (invalid UTF-8 once written out)
  '\ud800', 'a\ud800', '\udc00', 'a\udc00b', '[\ud800]', '\\\ud800', '\\x\ud800', '\\x4\ud800', '\\x{\ud800}', '\\Q\ud800\\E',
  '(?P<\ud800>a)', '(?P<a\ud800', '(?\ud800)', '(?i\ud800)', '\\p\ud800', '\\p{\ud800}', '\\p{\ud800', '[a-\ud800]', '\ud83d\ude00',
  '\ude00\ud83d', '[\\Q]\ud800', '(?i)\ud800', 'a{\ud800}', '[[:\ud800:]]',
];
