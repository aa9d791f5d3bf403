/**
 * The Unicode class names Go's regexp accepts in `\p{…}` and `\pX`, in the canonical form it
 * looks names up by (see `canonicalClassName`).
 *
 * Generated from Go 1.26.8 (Unicode 15.0.0), the Go the Istio oracle is built with: every key of
 * `unicode.Categories`, `unicode.Scripts` and `unicode.CategoryAliases`, plus `Any`, `Assigned`,
 * `ASCII` and `LC`, put in canonical form and kept when `regexp.Compile("\\p{<name>}")` accepts it.
 * Scripts whose names have several words (`Old_Italic`, `Linear_B` …) are not reachable: their
 * canonical form (`Olditalic`) is no key of `unicode.Scripts`, so Go 1.26 rejects them (older Go
 * releases looked names up exactly as written: they accept `\p{Old_Italic}` and reject `\p{greek}`).
 */
export const UNICODE_CLASS_NAMES: ReadonlySet<string> = new Set([
  'Adlam', 'Ahom', 'Any', 'Arabic', 'Armenian', 'Ascii', 'Assigned', 'Avestan', 'Balinese', 'Bamum',
  'Batak', 'Bengali', 'Bhaiksuki', 'Bopomofo', 'Brahmi', 'Braille', 'Buginese', 'Buhid', 'C', 'Carian',
  'Casedletter', 'Cc', 'Cf', 'Chakma', 'Cham', 'Cherokee', 'Chorasmian', 'Closepunctuation', 'Cn', 'Cntrl',
  'Co', 'Combiningmark', 'Common', 'Connectorpunctuation', 'Control', 'Coptic', 'Cs', 'Cuneiform', 'Currencysymbol', 'Cypriot',
  'Cyrillic', 'Dashpunctuation', 'Decimalnumber', 'Deseret', 'Devanagari', 'Digit', 'Dogra', 'Duployan', 'Elbasan', 'Elymaic',
  'Enclosingmark', 'Ethiopic', 'Finalpunctuation', 'Format', 'Georgian', 'Glagolitic', 'Gothic', 'Grantha', 'Greek', 'Gujarati',
  'Gurmukhi', 'Han', 'Hangul', 'Hanunoo', 'Hatran', 'Hebrew', 'Hiragana', 'Inherited', 'Initialpunctuation', 'Javanese',
  'Kaithi', 'Kannada', 'Katakana', 'Kawi', 'Kharoshthi', 'Khmer', 'Khojki', 'Khudawadi', 'L', 'Lao',
  'Latin', 'Lc', 'Lepcha', 'Letter', 'Letternumber', 'Limbu', 'Lineseparator', 'Lisu', 'Ll', 'Lm',
  'Lo', 'Lowercaseletter', 'Lt', 'Lu', 'Lycian', 'Lydian', 'M', 'Mahajani', 'Makasar', 'Malayalam',
  'Mandaic', 'Manichaean', 'Marchen', 'Mark', 'Mathsymbol', 'Mc', 'Me', 'Medefaidrin', 'Miao', 'Mn',
  'Modi', 'Modifierletter', 'Modifiersymbol', 'Mongolian', 'Mro', 'Multani', 'Myanmar', 'N', 'Nabataean', 'Nandinagari',
  'Nd', 'Newa', 'Nko', 'Nl', 'No', 'Nonspacingmark', 'Number', 'Nushu', 'Ogham', 'Openpunctuation',
  'Oriya', 'Osage', 'Osmanya', 'Other', 'Otherletter', 'Othernumber', 'Otherpunctuation', 'Othersymbol', 'P', 'Palmyrene',
  'Paragraphseparator', 'Pc', 'Pd', 'Pe', 'Pf', 'Phoenician', 'Pi', 'Po', 'Privateuse', 'Ps',
  'Punct', 'Punctuation', 'Rejang', 'Runic', 'S', 'Samaritan', 'Saurashtra', 'Sc', 'Separator', 'Sharada',
  'Shavian', 'Siddham', 'Sinhala', 'Sk', 'Sm', 'So', 'Sogdian', 'Soyombo', 'Spaceseparator', 'Spacingmark',
  'Sundanese', 'Surrogate', 'Symbol', 'Syriac', 'Tagalog', 'Tagbanwa', 'Takri', 'Tamil', 'Tangsa', 'Tangut',
  'Telugu', 'Thaana', 'Thai', 'Tibetan', 'Tifinagh', 'Tirhuta', 'Titlecaseletter', 'Toto', 'Ugaritic', 'Unassigned',
  'Uppercaseletter', 'Vai', 'Vithkuqi', 'Wancho', 'Yezidi', 'Yi', 'Z', 'Zl', 'Zp', 'Zs',
]);

/**
 * Go's lookup key of a class name: separators (`_`, `-`, space) dropped, the first character
 * uppercased and every later ASCII letter lowercased (`old-italic` → `Olditalic`, `lu` → `Lu`).
 */
export function canonicalClassName(name: string): string {
  let out = '';
  let first = true;
  for (const c of name) {
    if (c === '_' || c === '-' || c === ' ') {
      continue;
    }
    if (first) {
      out += c >= 'a' && c <= 'z' ? c.toUpperCase() : c;
      first = false;
    } else {
      out += c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
    }
  }
  return out;
}
