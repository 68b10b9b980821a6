//! Normalisation that sees through obfuscation and keeps offsets into the original text.
//!
//! Scanned text and list terms go through the same normaliser, so a term is written
//! plainly and still matches its disguises. The output is a sequence of [`Unit`]s: one byte
//! of normalised text each, with the byte span of the original text it came from and a few
//! flags that tell the matcher which alternatives it may try.
//!
//! What is undone (each class has conformance vectors in `tests/vectors/scanner/`):
//!
//! | class | example | how |
//! |---|---|---|
//! | compatibility forms, case | `ＫＩＬＬ`, `𝐤𝐢𝐥𝐥`, `KiLL` | NFKD compatibility decomposition, lower-casing (`ß` → `ss`) |
//! | diacritics | `kïll` | combining marks are dropped (after NFKD) |
//! | look-alike letters | Cyrillic `кіll`, Greek `κιll`, `kiII`, `🅺🅸🅻🅻`, `🇰🇮🇱🇱` | a confusables table maps them to Latin; a capital `I` after a lower-case letter (or after such an `I`) reads as `i` or `l`; enclosed and regional indicator letters read as their letter |
//! | leetspeak | `k1ll`, `$ex`, `a55`, `h@te`, `k!ll` | inside a word that has a letter: digits and `@ $ ! \| + €` read as letters (`1` and `\|` as either `i` or `l`); a leading `@` may also be a mention and is optional |
//! | invisible characters | `ki\u{200B}ll`, soft hyphen | zero-width characters, soft hyphen and variation selectors are dropped; a zero-width space may also end one word and start the next (`how\u{200B}to\u{200B}kill\u{200B}myself`) |
//! | separators inside a word | `k.i.l.l`, `k i l l`, `k-i-l-l` | three or more single characters separated by at most two separator characters are joined; a phrase may match across the joins (`k i l l y o u r s e l f`) |
//! | runs of repeated letters | `kiiiill` | a run of **three or more** equal letters may stand for one or two; a run of two is taken as written, so `good` never reads as `god` |
//! | masked letters | `f**k`, `k*ll` | a `*` inside a word stands for any letter |
//!
//! Word structure is kept: words are maximal runs of letters, digits and in-word symbols;
//! every run of spaces and punctuation becomes one separator unit (`' '`, or a *stop*
//! unit for `.`, `!`, `?`, `;` so phrases never run across sentences). Scripts written
//! without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar) make every character a word.
//! Apostrophes inside a word are dropped (`don't` → `dont`).
//!
//! The normaliser is a single forward pass over the characters into a reusable buffer
//! with an ASCII fast path (a 128-entry table), followed by one pass over the words.

use crate::invisible::is_invisible;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// U+200B, the one invisible character that is also a word break where it stands.
const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// The first unit of a word: a match may start here.
pub(crate) const START: u8 = 1;
/// The last unit of a word: a whole-word match may end here.
pub(crate) const END: u8 = 2;
/// A continuation byte of a multi-byte character.
pub(crate) const CONT: u8 = 4;
/// The unit may be skipped (the tail of a run of 3+ repeated letters, or a leading `@`).
pub(crate) const SKIP: u8 = 8;
/// Inside a joined spelled-out word: a pattern space may be matched before this unit.
pub(crate) const JOIN: u8 = 16;
/// A masked letter: matches any ASCII letter.
pub(crate) const WILD: u8 = 32;
/// The last byte of a character.
pub(crate) const CHAR_END: u8 = 64;

/// The byte of a separator unit between words.
pub(crate) const SPACE: u8 = b' ';
/// The byte of a sentence-ending separator unit: no pattern crosses it.
pub(crate) const STOP: u8 = 0x1F;

/// One byte of normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The normalised byte (the primary reading).
    pub byte: u8,
    /// A second reading, or 0 (`1` reads as `i` or `l`).
    pub alt: u8,
    /// [`START`], [`END`], ... bits.
    pub flags: u8,
    /// Byte offset in the original text where the source character starts.
    pub start: u32,
    /// Byte offset in the original text where the source character ends.
    pub end: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A letter of a script written with spaces.
    Letter,
    /// A letter of a script written without spaces: a word by itself.
    Unseg,
    /// An ASCII digit.
    Digit,
    /// A symbol that may stand for a letter (`@ $ ! | + €`).
    Leet,
    /// `*`.
    Wild,
    /// A pictograph or symbol (emoji, dingbat): inside a word it stands for one letter or
    /// none (`k🔪ll`, `ki😀ll`), and it also separates the word's parts.
    Glyph,
    /// An apostrophe.
    Apos,
    /// A zero-width space inside a word: it shows nothing, so the word reads on through it,
    /// but it may also be where one word ends and the next starts (`how\u{200B}to\u{200B}die`).
    Gap,
    /// White space or punctuation.
    Space,
    /// Sentence-ending punctuation.
    Stop,
}

/// One character after decomposition, case and look-alike mapping.
#[derive(Debug, Clone, Copy)]
struct Ch {
    c: char,
    class: Class,
    start: u32,
    end: u32,
    /// A capital `I` written inside a lower-case word, where it may stand for an `l`
    /// (`kiII`): read as `i`, or as `l`.
    capital_i: bool,
}

const fn ascii_class(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'@' | b'$' | b'!' | b'|' | b'+' => Class::Leet,
        b'*' => Class::Wild,
        b'\'' | b'`' => Class::Apos,
        b'.' | b'?' | b';' => Class::Stop,
        _ => Class::Space,
    }
}

#[allow(clippy::indexing_slicing)] // const evaluation: a bad index fails the build
const ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Space; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = ascii_class(b as u8);
        b += 1;
    }
    table
};

/// Reusable buffers of the normaliser.
#[derive(Debug, Default, Clone)]
pub(crate) struct Normalizer {
    chars: Vec<Ch>,
    tokens: Vec<Token>,
    region: Vec<Unit>,
    /// The normalised units of the last call.
    pub units: Vec<Unit>,
    /// The indices of the units that start a word ([`START`]), in order.
    pub starts: Vec<u32>,
}

/// Letters that look like Latin letters (after lower-casing) and Latin letters that do not
/// decompose: their Latin reading.
fn confusable(c: char) -> Option<&'static str> {
    Some(match c {
        // Cyrillic
        'а' => "a",
        'в' => "b",
        'е' | 'є' => "e",
        'з' => "3",
        'і' | 'ї' => "i",
        'ј' => "j",
        'к' => "k",
        'м' => "m",
        'н' => "h",
        'о' => "o",
        'р' => "p",
        'с' => "c",
        'т' => "t",
        'у' => "y",
        'х' => "x",
        'ѕ' => "s",
        'ԁ' => "d",
        'ԛ' => "q",
        'ԝ' => "w",
        'ӏ' => "l",
        'ь' => "b",
        'һ' => "h",
        'ɡ' => "g",
        // Greek
        'α' => "a",
        'β' => "b",
        'γ' => "y",
        'ε' => "e",
        'η' => "n",
        'ι' => "i",
        'κ' => "k",
        'ν' => "v",
        'ο' => "o",
        'ρ' => "p",
        'τ' => "t",
        'υ' => "u",
        'χ' => "x",
        'ω' => "w",
        'ς' | 'σ' => "s",
        // Latin letters without a decomposition
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ŧ' => "t",
        'ƒ' => "f",
        'þ' => "th",
        'ĸ' => "k",
        'ŋ' => "n",
        'ɑ' => "a",
        'ɩ' => "i",
        'ʏ' => "y",
        'ᴀ' => "a",
        'ʙ' => "b",
        'ᴄ' => "c",
        'ᴅ' => "d",
        'ᴇ' => "e",
        'ɢ' => "g",
        'ʜ' => "h",
        'ɪ' => "i",
        'ᴊ' => "j",
        'ᴋ' => "k",
        'ʟ' => "l",
        'ᴍ' => "m",
        'ɴ' => "n",
        'ᴏ' => "o",
        'ᴘ' => "p",
        'ʀ' => "r",
        'ꜱ' => "s",
        'ᴛ' => "t",
        'ᴜ' => "u",
        'ᴠ' => "v",
        'ᴡ' => "w",
        'ᴢ' => "z",
        _ => return None,
    })
}

/// Enclosed Latin capitals without a compatibility decomposition (negative circled
/// `🅐`, squared `🄰` and negative squared `🅺`) and the regional indicator letters that
/// flags are written with (`🇰`): their letter.
fn enclosed_letter(c: char) -> Option<u8> {
    let base = match u32::from(c) {
        cp @ 0x1F130..=0x1F149 => cp - 0x1F130,
        cp @ 0x1F150..=0x1F169 => cp - 0x1F150,
        cp @ 0x1F170..=0x1F189 => cp - 0x1F170,
        cp @ 0x1F1E6..=0x1F1FF => cp - 0x1F1E6,
        _ => return None,
    };
    u8::try_from(base).ok().map(|b| b'a' + b)
}

/// Pictographs and symbols (arrows, technical and miscellaneous symbols, dingbats, emoji).
fn is_glyph(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Scripts written without spaces between words.
fn is_unsegmented(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'   // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' // Khmer
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility
        | '\u{20000}'..='\u{3FFFF}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}'
    )
}

fn push_ascii(out: &mut Vec<Ch>, b: u8, start: u32, end: u32) {
    let class = ASCII_CLASS
        .get(usize::from(b))
        .copied()
        .unwrap_or(Class::Space);
    out.push(Ch {
        c: char::from(b.to_ascii_lowercase()),
        class,
        start,
        end,
        capital_i: false,
    });
}

/// Maps one decomposed, lower-cased character.
fn push_mapped(out: &mut Vec<Ch>, c: char, start: u32, end: u32) {
    if c.is_ascii() {
        push_ascii(out, c as u8, start, end);
        return;
    }
    if is_combining_mark(c) || is_invisible(c) {
        return;
    }
    if let Some(letter) = enclosed_letter(c) {
        push_ascii(out, letter, start, end);
        return;
    }
    if let Some(latin) = confusable(c) {
        for b in latin.bytes() {
            push_ascii(out, b, start, end);
        }
        return;
    }
    let class = if c == '€' {
        Class::Leet
    } else if is_apostrophe(c) {
        Class::Apos
    } else if is_unsegmented(c) {
        Class::Unseg
    } else if c.is_alphanumeric() {
        Class::Letter
    } else if matches!(c, '。' | '¡' | '¿' | '…' | '‼' | '⁇') {
        Class::Stop
    } else if is_glyph(c) {
        Class::Glyph
    } else {
        Class::Space
    };
    out.push(Ch {
        c,
        class,
        start,
        end,
        capital_i: false,
    });
}

/// Decodes `text` into mapped characters (pass 1).
fn decode(text: &str, base: u32, out: &mut Vec<Ch>) {
    out.clear();
    out.reserve(text.len());
    // Whether the previous character is an ASCII lower-case letter (for [`Ch::capital_i`]).
    let mut after_lower = false;
    for (index, c) in text.char_indices() {
        // Offsets fit: callers refuse texts longer than u32::MAX bytes.
        let start = base + index as u32;
        let end = base + (index + c.len_utf8()) as u32;
        if c.is_ascii() {
            let capital_i = c == 'I'
                && (after_lower || out.last().is_some_and(|b| b.capital_i && b.end == start));
            push_ascii(out, c as u8, start, end);
            if let Some(this) = out.last_mut() {
                this.capital_i = capital_i;
            }
            after_lower = c.is_ascii_lowercase();
            continue;
        }
        after_lower = false;
        if c == ZERO_WIDTH_SPACE {
            out.push(Ch {
                c,
                class: Class::Gap,
                start,
                end,
                capital_i: false,
            });
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if is_apostrophe(c) {
            out.push(Ch {
                c,
                class: Class::Apos,
                start,
                end,
                capital_i: false,
            });
            continue;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                // A separately written combining mark belongs to the letter before it.
                if let Some(last) = out.last_mut()
                    && last.end == start
                    && matches!(last.class, Class::Letter | Class::Unseg)
                {
                    last.end = end;
                }
                return;
            }
            for lower in d.to_lowercase() {
                push_mapped(out, lower, start, end);
            }
        });
    }
}

/// Whether a character may belong to a word.
fn is_wordish(class: Class) -> bool {
    matches!(
        class,
        Class::Letter
            | Class::Digit
            | Class::Leet
            | Class::Wild
            | Class::Apos
            | Class::Gap
            | Class::Glyph
    )
}

fn is_strong(class: Class) -> bool {
    matches!(class, Class::Letter | Class::Digit)
}

/// A word candidate: a range of [`Ch`]s after trimming edge symbols.
#[derive(Debug, Clone, Copy)]
struct Token {
    from: usize,
    to: usize,
    /// Characters in the token, apostrophes not counted.
    len: usize,
    unseg: bool,
}

/// The leet reading of a digit inside a word: (primary, alternative).
fn leet_digit(d: u8) -> (u8, u8) {
    match d {
        b'0' => (b'o', 0),
        b'1' => (b'i', b'l'),
        b'3' => (b'e', 0),
        b'4' => (b'a', 0),
        b'5' => (b's', 0),
        b'6' => (b'g', b'b'),
        b'7' => (b't', 0),
        b'8' => (b'b', 0),
        b'9' => (b'g', 0),
        other => (other, 0),
    }
}

/// The leet reading of a symbol inside a word.
fn leet_symbol(c: char) -> (u8, u8) {
    match c {
        '@' => (b'a', 0),
        '$' => (b's', 0),
        '!' => (b'i', 0),
        '|' => (b'l', b'i'),
        '+' => (b't', 0),
        '€' => (b'e', 0),
        _ => (b'?', 0),
    }
}

/// Whether an ASCII byte always separates words (white space and punctuation that is
/// never part of a word: not a letter, digit, leet symbol, `*` or apostrophe).
const fn is_separator_byte(b: u8) -> bool {
    b < 0x80 && matches!(ascii_class(b), Class::Space | Class::Stop)
}

#[allow(clippy::indexing_slicing)] // const evaluation: a bad index fails the build
const SEPARATOR_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_separator_byte(b as u8);
        b += 1;
    }
    table
};

/// Whether a gap between two words ends a sentence (`.`, `?`, `;`, `!` and their
/// compatibility forms), exactly as the general path decides for its own gaps.
fn gap_is_stop(gap: &str) -> bool {
    if !gap.chars().any(char::is_whitespace) {
        return false;
    }
    if gap.is_ascii() {
        return gap.bytes().any(|b| matches!(b, b'.' | b'?' | b';' | b'!'));
    }
    let mut stop = false;
    for c in gap.chars() {
        decompose_compatible(c, |d| {
            if matches!(
                d,
                '.' | '?' | ';' | '!' | '。' | '¡' | '¿' | '…' | '‼' | '⁇'
            ) {
                stop = true;
            }
        });
    }
    stop
}

impl Normalizer {
    /// Normalises `text` into [`Normalizer::units`].
    ///
    /// Fast path: words of two or more ASCII letters between ASCII separators (most of any
    /// real text) are lower-cased straight from the bytes. Everything else — words with
    /// digits, symbols or non-ASCII characters, single letters (which may be spelled out)
    /// and the separators between them — is a *complex region* handed to the general path.
    /// Both paths produce the same units (a proptest checks it).
    ///
    /// `text` must be at most `u32::MAX` bytes long (checked by the caller).
    pub(crate) fn run(&mut self, text: &str) {
        self.units.clear();
        self.units.reserve(text.len() + 8);
        self.starts.clear();
        let bytes = text.as_bytes();
        let mut previous_end: Option<u32> = None;
        let mut region: Option<(usize, usize)> = None;
        // Whether the gap since the previous word is only separator bytes (then `stop_seen`
        // says whether one of them ends a sentence), or may hold other characters.
        let mut plain_gap = true;
        let mut stop_seen = false;
        let mut white_seen = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if SEPARATOR_BYTE.get(usize::from(b)).copied().unwrap_or(true) {
                stop_seen |= matches!(b, b'.' | b'?' | b';');
                white_seen |= char::from(b).is_whitespace();
                i += 1;
                continue;
            }
            let mut j = i;
            let mut simple = true;
            // Whether the word has a run of three equal letters (then some units may be skipped).
            let mut triple = false;
            let (mut previous, mut before) = (0u8, 0u8);
            // The previous byte as written: a capital `I` after a lower-case letter may
            // stand for an `l` (`kiII`), which the general path reads.
            let mut raw = 0u8;
            while let Some(&b) = bytes.get(j) {
                if SEPARATOR_BYTE.get(usize::from(b)).copied().unwrap_or(true) {
                    break;
                }
                simple &= b.is_ascii_alphabetic() && !(b == b'I' && raw.is_ascii_lowercase());
                raw = b;
                let lower = b.to_ascii_lowercase();
                triple |= lower == previous && lower == before;
                (before, previous) = (previous, lower);
                j += 1;
            }
            if simple && j - i >= 2 {
                if let Some((from, to)) = region.take() {
                    self.flush_region(text, from, to, &mut previous_end);
                    plain_gap = false;
                }
                let start = i as u32;
                if let Some(prev) = previous_end {
                    let stop = if plain_gap {
                        stop_seen && white_seen
                    } else {
                        gap_is_stop(text.get(prev as usize..i).unwrap_or_default())
                    };
                    self.units.push(Unit {
                        byte: if stop { STOP } else { SPACE },
                        alt: 0,
                        flags: 0,
                        start: prev,
                        end: start,
                    });
                }
                plain_gap = true;
                stop_seen = false;
                white_seen = false;
                let first = self.units.len();
                self.starts.push(first as u32);
                let word = bytes.iter().skip(i).take(j - i);
                self.units.extend(word.zip(start..).map(|(b, at)| Unit {
                    byte: b.to_ascii_lowercase(),
                    alt: 0,
                    flags: CHAR_END,
                    start: at,
                    end: at + 1,
                }));
                if let Some(u) = self.units.get_mut(first) {
                    u.flags |= START;
                }
                if let Some(u) = self.units.last_mut() {
                    u.flags |= END;
                }
                // Runs of three or more equal letters: all but the first may be skipped.
                // (`first` is the length before this word was pushed, so the range exists.)
                if triple && let Some(word_units) = self.units.get_mut(first..) {
                    mark_repeats(word_units);
                }
                previous_end = Some(j as u32);
            } else {
                region = Some((region.map_or(i, |(from, _)| from), j));
            }
            i = j;
        }
        if let Some((from, to)) = region {
            self.flush_region(text, from, to, &mut previous_end);
        }
    }

    /// Pushes the separator unit between a word ending at `prev` and one starting at `next`.
    fn push_separator(&mut self, text: &str, prev: u32, next: u32) {
        let gap = text.get(prev as usize..next as usize).unwrap_or_default();
        self.units.push(Unit {
            byte: if gap_is_stop(gap) { STOP } else { SPACE },
            alt: 0,
            flags: 0,
            start: prev,
            end: next,
        });
    }

    /// Normalises the complex region `text[from..to]` with the general path and appends it.
    fn flush_region(&mut self, text: &str, from: usize, to: usize, previous_end: &mut Option<u32>) {
        let Some(slice) = text.get(from..to) else {
            return;
        };
        let mut region_units = std::mem::take(&mut self.region);
        region_units.clear();
        general(
            &mut self.chars,
            &mut self.tokens,
            &mut region_units,
            slice,
            from as u32,
        );
        if let (Some(first), Some(last)) = (region_units.first(), region_units.last()) {
            let (first_start, last_end) = (first.start, last.end);
            if let Some(prev) = *previous_end {
                self.push_separator(text, prev, first_start);
            }
            let offset = self.units.len();
            for (k, u) in region_units.iter().enumerate() {
                if u.flags & START != 0 {
                    self.starts.push((offset + k) as u32);
                }
            }
            self.units.extend_from_slice(&region_units);
            *previous_end = Some(last_end);
        }
        self.region = region_units;
    }
}

/// The general path: normalises `text` (which starts at byte `base` of the scanned text),
/// appending units.
fn general(
    chars: &mut Vec<Ch>,
    tokens: &mut Vec<Token>,
    units: &mut Vec<Unit>,
    text: &str,
    base: u32,
) {
    {
        decode(text, base, chars);
        tokens.clear();
        let chars = &*chars;
        // Pass 2: tokens, with edge symbols trimmed.
        let mut i = 0;
        while let Some(ch) = chars.get(i) {
            if ch.class == Class::Unseg {
                tokens.push(Token {
                    from: i,
                    to: i + 1,
                    len: 1,
                    unseg: true,
                });
                i += 1;
                continue;
            }
            if !is_wordish(ch.class) {
                i += 1;
                continue;
            }
            let mut j = i;
            while chars.get(j).is_some_and(|c| is_wordish(c.class)) {
                j += 1;
            }
            let (mut from, mut to) = (i, j);
            while chars.get(from).is_some_and(|c| {
                from < to
                    && (matches!(
                        c.class,
                        Class::Apos | Class::Gap | Class::Wild | Class::Glyph
                    ) || (c.class == Class::Leet && matches!(c.c, '!' | '|' | '+')))
            }) {
                from += 1;
            }
            while to > from
                && chars.get(to - 1).is_some_and(|c| {
                    matches!(
                        c.class,
                        Class::Apos | Class::Gap | Class::Wild | Class::Glyph
                    ) || (c.class == Class::Leet && matches!(c.c, '!' | '|' | '+' | '@'))
                })
            {
                to -= 1;
            }
            let slice = chars.get(from..to).unwrap_or_default();
            if slice.iter().any(|c| is_strong(c.class)) {
                let len = slice
                    .iter()
                    .filter(|c| !matches!(c.class, Class::Apos | Class::Gap))
                    .count();
                tokens.push(Token {
                    from,
                    to,
                    len,
                    unseg: false,
                });
            }
            i = j;
        }
        // Pass 3: words (tokens, or groups of spelled-out single characters), emitted as units.
        let mut t = 0;
        let mut previous_end: Option<usize> = None; // index of the Ch after the previous word
        while let Some(first) = tokens.get(t) {
            let mut last = t;
            if first.len == 1 && !first.unseg {
                let mut k = t;
                while let (Some(a), Some(b)) = (tokens.get(k), tokens.get(k + 1)) {
                    // Letters spelled out in one sentence on one line: a sentence end
                    // (a stop then a space, as between words) or a line break between two
                    // of them ends the word ("k.i.l.l" is still one).
                    // Tokens are in text order, so the gap is always there; were it not,
                    // the word would end (never join letters across what was not read).
                    let ends = chars.get(a.to..b.from).is_none_or(|gap| {
                        gap.iter().any(|c| c.c == '\n')
                            || (gap.iter().any(|c| c.class == Class::Stop)
                                && gap.iter().any(|c| c.c.is_whitespace()))
                    });
                    let joins = b.len == 1 && !b.unseg && b.from - a.to <= 2 && !ends;
                    if joins {
                        k += 1;
                    } else {
                        break;
                    }
                }
                if k >= t + 2 {
                    last = k;
                }
            }
            let group = tokens.get(t..=last).unwrap_or_default();
            let word_from = first.from;
            // Separator before the word.
            if let Some(prev) = previous_end
                && word_from > prev
            {
                let gap = chars.get(prev..word_from).unwrap_or_default();
                let stop = gap
                    .iter()
                    .any(|c| c.class == Class::Stop || (c.class == Class::Leet && c.c == '!'))
                    && gap.iter().any(|c| c.c.is_whitespace());
                let start = gap.first().map_or(0, |c| c.start);
                let end = gap.last().map_or(start, |c| c.end);
                units.push(Unit {
                    byte: if stop { STOP } else { SPACE },
                    alt: 0,
                    flags: 0,
                    start,
                    end,
                });
            }
            let has_letter = group.iter().any(|tok| {
                chars
                    .get(tok.from..tok.to)
                    .unwrap_or_default()
                    .iter()
                    .any(|c| c.class == Class::Letter)
            });
            let word_start_unit = units.len();
            for (g, tok) in group.iter().enumerate() {
                let token_first_unit = units.len();
                // After a glyph the word's next part may also start a word of its own.
                let mut split = 0u8;
                // Tokens are ranges of `chars` made above, so the slice always exists; were
                // it not, the token would emit nothing (never a reading of other text).
                let token = chars.get(tok.from..tok.to).unwrap_or_default();
                for (k, ch) in token.iter().enumerate() {
                    let (byte, alt, flags) = match ch.class {
                        Class::Apos => continue,
                        Class::Gap => {
                            // The word may end before the gap and another start after it,
                            // and a phrase's space may be read there.
                            if units.len() > word_start_unit
                                && let Some(before) = units.last_mut()
                            {
                                before.flags |= END;
                                split = START | JOIN;
                            }
                            continue;
                        }
                        Class::Glyph => {
                            if units.len() > word_start_unit
                                && let Some(before) = units.last_mut()
                                && before.flags & WILD == 0
                            {
                                before.flags |= END;
                            }
                            units.push(Unit {
                                byte: b'*',
                                alt: 0,
                                flags: WILD | SKIP | CHAR_END,
                                start: ch.start,
                                end: ch.end,
                            });
                            split = START;
                            continue;
                        }
                        Class::Digit if has_letter => {
                            let (p, a) = leet_digit(ch.c as u8);
                            (p, a, 0)
                        }
                        Class::Leet | Class::Wild
                            if has_letter
                                && matches!(ch.c, '+' | '*')
                                && units.last().is_some_and(|u| {
                                    units.len() > word_start_unit && u.flags & WILD == 0
                                })
                                && token.get(k + 1).is_some_and(|c| c.class == Class::Letter) =>
                        {
                            // Between two letters, `+` (a `t`) and `*` (a masked letter)
                            // may also join two words, as a search box or a typist does
                            // ("how+to+kill+myself", "kill*myself"): they also read as a
                            // space, and the part after them may start a word of its own.
                            // A run of masks ("n****r") stays one masked word.
                            if let Some(before) = units.last_mut() {
                                before.flags |= END;
                            }
                            split = START;
                            units.push(Unit {
                                byte: if ch.c == '+' {
                                    leet_symbol(ch.c).0
                                } else {
                                    b'*'
                                },
                                alt: SPACE,
                                flags: CHAR_END | if ch.c == '*' { WILD } else { 0 },
                                start: ch.start,
                                end: ch.end,
                            });
                            continue;
                        }
                        Class::Leet if has_letter => {
                            let (p, a) = leet_symbol(ch.c);
                            let skip = if ch.c == '@' && units.len() == word_start_unit {
                                SKIP
                            } else {
                                0
                            };
                            (p, a, skip)
                        }
                        Class::Wild if has_letter => (b'*', 0, WILD),
                        Class::Leet => (leet_symbol(ch.c).0, 0, 0),
                        _ if ch.capital_i => (b'i', b'l', 0),
                        _ if ch.c.is_ascii() => (ch.c as u8, 0, 0),
                        _ => {
                            let mut buf = [0u8; 4];
                            let encoded = ch.c.encode_utf8(&mut buf);
                            let n = encoded.len();
                            for (k, b) in encoded.bytes().enumerate() {
                                let mut flags = 0;
                                if k > 0 {
                                    flags |= CONT;
                                } else {
                                    flags |= std::mem::take(&mut split);
                                }
                                if k + 1 == n {
                                    flags |= CHAR_END;
                                }
                                units.push(Unit {
                                    byte: b,
                                    alt: 0,
                                    flags,
                                    start: ch.start,
                                    end: ch.end,
                                });
                            }
                            if tok.unseg {
                                let first_byte = units.len().saturating_sub(n);
                                if let Some(u) = units.get_mut(first_byte) {
                                    u.flags |= START;
                                }
                                if let Some(u) = units.last_mut() {
                                    u.flags |= END;
                                }
                            }
                            continue;
                        }
                    };
                    units.push(Unit {
                        byte,
                        alt,
                        flags: flags | CHAR_END | std::mem::take(&mut split),
                        start: ch.start,
                        end: ch.end,
                    });
                }
                if g > 0
                    && let Some(u) = units.get_mut(token_first_unit)
                {
                    u.flags |= JOIN;
                }
                // A spelled-out word may run on into a short chat word spelled the same way
                // ("k i l l m y s e l f x", "d i e i m done"): a match may also end before
                // such a tail ([`CHAT_TAILS`]), not before any letters ("a s l u t").
                if group.len() >= 4
                    && let Some(tail) = group.get(g + 1..)
                    && is_chat_tail(tail, chars)
                    && let Some(u) = units.last_mut()
                {
                    u.flags |= END;
                }
            }
            let word_units = units.get_mut(word_start_unit..).unwrap_or_default();
            mark_repeats(word_units);
            if let Some(u) = word_units.first_mut() {
                u.flags |= START;
            }
            if let Some(u) = word_units.last_mut() {
                u.flags |= END;
            }
            previous_end = group.last().map(|tok| tok.to);
            t = last + 1;
        }
    }
}

/// Short chat words that may follow a spelled-out word in the same spelling: a kiss, "u",
/// "i", "k" (ok), "im", "ok", "ur", "rn" (right now), "fr" (for real).
const CHAT_TAILS: [&str; 12] = [
    "x", "xx", "u", "i", "k", "y", "im", "ok", "ur", "rn", "fr", "ya",
];

/// Whether the single-character tokens `tail` spell one of [`CHAT_TAILS`].
fn is_chat_tail(tail: &[Token], chars: &[Ch]) -> bool {
    if tail.is_empty() || tail.len() > 2 {
        return false;
    }
    let mut word = String::with_capacity(2);
    for tok in tail {
        match chars.get(tok.from) {
            Some(ch) if tok.len == 1 => word.extend(ch.c.to_lowercase()),
            _ => return false,
        }
    }
    CHAT_TAILS.contains(&word.as_str())
}

/// Marks the tail of every run of three or more ASCII units with the same primary reading
/// as skippable.
fn mark_repeats(units: &mut [Unit]) {
    let mut i = 0;
    while i < units.len() {
        let Some(&head) = units.get(i) else { break };
        let mut j = i + 1;
        if head.flags & (CONT | WILD) == 0 && head.byte.is_ascii_alphabetic() {
            while units
                .get(j)
                .is_some_and(|u| u.byte == head.byte && u.flags & (CONT | WILD) == 0)
            {
                j += 1;
            }
            if j - i >= 3 {
                for u in units.get_mut(i + 1..j).unwrap_or_default() {
                    u.flags |= SKIP;
                }
            }
        }
        i = j;
    }
}

/// The pattern bytes of a term: its normalised primary reading, separators included.
/// `None` when the term has no word in it.
pub(crate) fn pattern_bytes(normalizer: &mut Normalizer, term: &str) -> Option<Vec<u8>> {
    normalizer.run(term);
    if normalizer.units.is_empty() {
        return None;
    }
    Some(normalizer.units.iter().map(|u| u.byte).collect())
}

/// Folds a name for roster comparison: case, compatibility forms, diacritics and look-alike
/// letters, words separated by one space; no leetspeak (a disguised word is not a name).
pub(crate) fn fold_name(name: &str) -> String {
    let mut chars = Vec::new();
    decode(name, 0, &mut chars);
    let mut out = String::with_capacity(name.len());
    for ch in &chars {
        match ch.class {
            Class::Letter | Class::Digit | Class::Unseg => out.push(ch.c),
            Class::Apos | Class::Gap => {}
            _ => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn primary(text: &str) -> String {
        let mut n = Normalizer::default();
        n.run(text);
        n.units
            .iter()
            .map(|u| match u.byte {
                STOP => '|',
                b => char::from(b),
            })
            .collect()
    }

    #[test]
    fn plain_text_is_lower_cased_with_single_separators() {
        assert_eq!(primary("Hello,   World!"), "hello world");
        assert_eq!(primary("  I want to die.  Now "), "i want to die|now");
    }

    #[test]
    fn compatibility_case_diacritics_confusables() {
        assert_eq!(primary("ＫＩＬＬ"), "kill");
        assert_eq!(primary("𝐤𝐢𝐥𝐥"), "kill");
        assert_eq!(primary("kïll"), "kill");
        assert_eq!(primary("ki\u{0308}ll"), "kill");
        assert_eq!(primary("кіll"), "kill");
        assert_eq!(primary("ΚΙLL"), "kill");
        assert_eq!(primary("Straße"), "strasse");
    }

    #[test]
    fn leetspeak_inside_words_only() {
        assert_eq!(primary("k1ll"), "kill");
        assert_eq!(primary("$3x"), "sex");
        assert_eq!(primary("h@te"), "hate");
        assert_eq!(primary("kill!!!"), "kill");
        assert_eq!(primary("1488 and 2019"), "1488 and 2019");
        assert_eq!(primary("@jo"), "ajo");
        assert_eq!(primary("*kill*"), "kill");
        assert_eq!(primary("f**k"), "f**k");
        assert_eq!(primary("don't"), "dont");
    }

    #[test]
    fn glyphs_and_enclosed_letters() {
        assert_eq!(primary("🅺🅸🅻🅻"), "kill");
        assert_eq!(primary("k🔪ll"), "k*ll");
        let mut n = Normalizer::default();
        n.run("ki😀ll");
        // `ki` ends a word part and `ll` starts one: an emoji may also separate words.
        let edges: Vec<(bool, bool)> = n
            .units
            .iter()
            .map(|u| (u.flags & START != 0, u.flags & END != 0))
            .collect();
        assert_eq!(
            edges,
            vec![
                (true, false),
                (false, true),
                (false, false),
                (true, false),
                (false, true)
            ]
        );
        assert_eq!(primary("hello 😀"), "hello");
        assert_eq!(primary("🇰🇮🇱🇱"), "kill");
    }

    #[test]
    fn a_capital_i_inside_a_lower_case_word_may_be_an_l() {
        let alts = |text: &str| {
            let mut n = Normalizer::default();
            n.run(text);
            n.units
                .iter()
                .map(|u| if u.alt == 0 { '.' } else { char::from(u.alt) })
                .collect::<String>()
        };
        assert_eq!(primary("kiII"), "kiii");
        assert_eq!(alts("kiII"), "..ll");
        assert_eq!(alts("sIut"), ".l..");
        // Capitals after capitals, and a word's first letter, are read as written.
        assert_eq!(alts("KILL WWII Ian I"), "...............");
    }

    #[test]
    fn punctuation_without_space_does_not_end_a_sentence() {
        assert_eq!(primary("kill.myself"), "kill myself");
        assert_eq!(primary("kill. myself"), "kill|myself");
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(primary("ki\u{200B}l\u{00AD}l"), "kill");
    }

    #[test]
    fn spelled_out_words_are_joined() {
        assert_eq!(primary("k.i.l.l"), "kill");
        assert_eq!(primary("k i l l me"), "kill me");
        assert_eq!(primary("a b"), "a b");
        assert_eq!(primary("k-i-l-l"), "kill");
        // A sentence end or a line break ends a spelled-out word.
        assert_eq!(primary("a b c. d e f"), "abc|def");
        assert_eq!(primary("a b c\nd e f"), "abc def");
    }

    #[test]
    fn repeats_are_marked_from_three() {
        let mut n = Normalizer::default();
        n.run("good kiiill");
        let skips: Vec<bool> = n.units.iter().map(|u| u.flags & SKIP != 0).collect();
        assert_eq!(
            skips,
            vec![
                false, false, false, false, false, false, false, true, true, false, false
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_original() {
        let mut n = Normalizer::default();
        let text = "é ＫＩ";
        n.run(text);
        for u in &n.units {
            assert!(
                text.is_char_boundary(u.start as usize) && text.is_char_boundary(u.end as usize)
            );
        }
        assert_eq!((n.units[0].start, n.units[0].end), (0, 2));
        assert_eq!((n.units[2].start, n.units[2].end), (3, 6));
    }

    #[test]
    fn unsegmented_scripts_make_every_character_a_word() {
        let mut n = Normalizer::default();
        n.run("中文");
        let starts = n.units.iter().filter(|u| u.flags & START != 0).count();
        let ends = n.units.iter().filter(|u| u.flags & END != 0).count();
        assert_eq!((starts, ends), (2, 2));
    }

    #[test]
    fn names_fold_without_leet() {
        assert_eq!(fold_name("  Zoë   O'Brien "), "zoe obrien");
        assert_eq!(fold_name("J0"), "j0");
    }

    fn general_only(text: &str) -> Vec<Unit> {
        let (mut chars, mut tokens, mut units) = (Vec::new(), Vec::new(), Vec::new());
        general(&mut chars, &mut tokens, &mut units, text, 0);
        units
    }

    /// Units with separator spans blanked (the two paths may attribute invisible characters
    /// next to a separator to either side; matches never start or end on a separator).
    fn comparable(units: &[Unit]) -> Vec<Unit> {
        units
            .iter()
            .map(|u| match u.byte {
                SPACE | STOP if u.flags == 0 => Unit {
                    start: 0,
                    end: 0,
                    ..*u
                },
                _ => *u,
            })
            .collect()
    }

    #[test]
    fn fast_path_agrees_on_samples() {
        for text in [
            "I want to die. Now!",
            "k i l l yourself",
            "kill!!! me",
            "don't  k1ll 'em",
            "a b c dd e f g",
            "ki\u{200B}ll \u{200B} me…  now",
            "x @jo $$$ ok",
            "kiII mySelf sIut WWII iPhone",
        ] {
            let mut n = Normalizer::default();
            n.run(text);
            assert_eq!(
                comparable(&n.units),
                comparable(&general_only(text)),
                "{text:?}"
            );
        }
    }

    proptest! {
        /// The ASCII fast path produces exactly what the general path produces.
        #[test]
        fn fast_path_agrees_with_general_path(text in "[a-eiIlK1@$!.*' \u{200B}é-]{0,40}") {
            let mut n = Normalizer::default();
            n.run(&text);
            prop_assert_eq!(comparable(&n.units), comparable(&general_only(&text)));
            let starts: Vec<u32> = n.units.iter().enumerate()
                .filter(|(_, u)| u.flags & START != 0).map(|(k, _)| k as u32).collect();
            prop_assert_eq!(&n.starts, &starts);
        }

        /// Every unit points at character boundaries of the original, in order.
        #[test]
        fn offsets_are_char_boundaries(text in "\\PC{0,60}") {
            let mut n = Normalizer::default();
            n.run(&text);
            let mut last_start = 0;
            for u in &n.units {
                prop_assert!(u.start <= u.end);
                prop_assert!(text.is_char_boundary(u.start as usize));
                prop_assert!(text.is_char_boundary(u.end as usize));
                prop_assert!(u.end as usize <= text.len());
                prop_assert!(u.start >= last_start);
                last_start = u.start;
            }
        }

        /// Normalisation is idempotent on plain lower-case ASCII words.
        #[test]
        fn plain_words_are_kept(words in proptest::collection::vec("[a-z]{2,8}", 1..6)) {
            let text = words.join(" ");
            let expected: String = text.clone();
            let got = primary(&text);
            // Runs of 3+ letters are kept as written in the primary reading.
            prop_assert_eq!(got, expected);
        }
    }
}
