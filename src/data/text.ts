/**
 * The text tokeniser: text → tokens → a vocabulary fitted on training rows → fixed-length id
 * sequences for an Embedding layer.
 *
 * Contract: the same text and settings give the same tokens on every engine (NFC, locale-free
 * lower-casing, Unicode property classes), and the fitted tokenizer is plain JSON saved with the
 * data set and the model, so predictions encode exactly as training did.
 */
import type { Result } from '../model/result';

export type TokenLevel = 'word' | 'char';

export interface TokenizerSettings {
  /** Words (letters and digits in any script), or single characters (code points). */
  readonly level: TokenLevel;
  readonly lowercase: boolean;
  /** Punctuation and symbols separate tokens without being tokens; emoji are kept either way. */
  readonly stripPunctuation: boolean;
  /** The vocabulary's length, padding and the unknown-token entry included. */
  readonly maxVocabulary: number;
  /** Every text becomes exactly this many ids: padded with 0 after its tokens, or cut. */
  readonly sequenceLength: number;
}

export const DEFAULT_TOKENIZER_SETTINGS: TokenizerSettings = {
  level: 'word',
  lowercase: true,
  stripPunctuation: true,
  maxVocabulary: 10_000,
  sequenceLength: 64,
};

/** Beyond these an Embedding layer or a batch outgrows a browser tab long before it learns anything. */
export const MAX_VOCABULARY = 1_000_000;
export const MAX_SEQUENCE_LENGTH = 10_000;

export const PAD_TOKEN = '<pad>';
export const OOV_TOKEN = '<oov>';
export const PAD_ID = 0;
export const OOV_ID = 1;
/** Padding and the unknown-token entry come before any real token. */
const RESERVED = [PAD_TOKEN, OOV_TOKEN] as const;

/** Checks settings typed by a person or read back from storage; the error is a sentence for them. */
export function validateTokenizerSettings(settings: TokenizerSettings): Result<TokenizerSettings> {
  if (settings.level !== 'word' && settings.level !== 'char') {
    return { ok: false, error: `Tokens: expected "word" or "char", received "${String(settings.level)}".` };
  }
  if (!isWholeNumberIn(settings.maxVocabulary, RESERVED.length + 1, MAX_VOCABULARY)) {
    return {
      ok: false,
      error:
        `Vocabulary size: expected a whole number from ${RESERVED.length + 1} to ${MAX_VOCABULARY.toLocaleString('en-US')}, ` +
        `received ${settings.maxVocabulary}. Padding and the unknown-token entry take two places, so at least one is left for a real token.`,
    };
  }
  if (!isWholeNumberIn(settings.sequenceLength, 1, MAX_SEQUENCE_LENGTH)) {
    return {
      ok: false,
      error: `Sequence length: expected a whole number from 1 to ${MAX_SEQUENCE_LENGTH.toLocaleString('en-US')}, received ${settings.sequenceLength}.`,
    };
  }
  return { ok: true, value: settings };
}

function isWholeNumberIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Settings are validated where people type them; reaching here with bad ones is a caller bug. */
function assertValid(settings: TokenizerSettings): void {
  const checked = validateTokenizerSettings(settings);
  if (!checked.ok) throw new RangeError(checked.error);
}

// ── tokens ───────────────────────────────────────────────────────────────────

/**
 * A word starts with a letter or digit and goes on over letters, digits and combining marks (so
 * Devanagari vowel signs stay inside their word). Any other visible code point is a token of its
 * own, with the marks that follow it (❤ + U+FE0F stays one token).
 */
const WORD_LEVEL_TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*|[^\s\p{L}\p{N}\p{Cc}\p{Cf}]\p{M}*/gu;
/** Punctuation and symbols, but not emoji, which carry meaning in short texts ("great 😍"). */
const PUNCTUATION = /^(?!\p{Extended_Pictographic})[\p{P}\p{S}]/u;
const SPACE = /^\s$/u;
/** Control and format characters (zero-width space, joiners, byte-order marks): never tokens. */
const INVISIBLE = /^[\p{Cc}\p{Cf}]$/u;

/** The tokens of one text, in order. */
export function tokenize(text: string, settings: TokenizerSettings): string[] {
  // Lower-casing can decompose (İ → i + U+0307), so normalise after it.
  const normalised = (settings.lowercase ? text.toLowerCase() : text).normalize('NFC');
  return settings.level === 'word'
    ? wordTokens(normalised, settings.stripPunctuation)
    : charTokens(normalised, settings.stripPunctuation);
}

function wordTokens(text: string, stripPunctuation: boolean): string[] {
  const tokens = text.match(WORD_LEVEL_TOKEN) ?? [];
  return stripPunctuation ? tokens.filter((token) => !PUNCTUATION.test(token)) : tokens;
}

/**
 * One token per code point (an emoji is one token, not two UTF-16 halves). A run of spaces is
 * one " " token between characters, so a character model still sees where words end; stripped
 * punctuation counts as a space, as it separates words at the word level.
 */
function charTokens(text: string, stripPunctuation: boolean): string[] {
  const tokens: string[] = [];
  let spaceBefore = false;
  for (const character of text) {
    if (SPACE.test(character) || (stripPunctuation && PUNCTUATION.test(character))) {
      spaceBefore = tokens.length > 0;
      continue;
    }
    if (INVISIBLE.test(character)) continue;
    if (spaceBefore) tokens.push(' ');
    spaceBefore = false;
    tokens.push(character);
  }
  return tokens;
}

// ── vocabulary ───────────────────────────────────────────────────────────────

/** Everything needed to encode text the same way again; plain JSON, saved with the data set and the model. */
export interface FittedTokenizer {
  readonly version: 1;
  readonly settings: TokenizerSettings;
  /** Id → token: `<pad>`, `<oov>`, then tokens from most to least frequent. */
  readonly vocabulary: readonly string[];
}

/**
 * Counts tokens over `texts` (the training rows only: which words are known is learned from
 * them) and keeps the most frequent, ties in code-unit order so the same texts always give the
 * same ids, up to `maxVocabulary` entries in all.
 */
export function fitVocabulary(texts: Iterable<string>, settings: TokenizerSettings): FittedTokenizer {
  assertValid(settings);
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const token of tokenize(text, settings)) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  const ranked = [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, settings.maxVocabulary - RESERVED.length)
    .map(([token]) => token);
  return { version: 1, settings, vocabulary: [...RESERVED, ...ranked] };
}

/** Token → id, built once per vocabulary. The reserved entries are left out so no text can produce padding. */
export function vocabularyLookup(vocabulary: readonly string[]): ReadonlyMap<string, number> {
  const lookup = new Map<string, number>();
  for (let id = RESERVED.length; id < vocabulary.length; id++) lookup.set(vocabulary[id]!, id);
  return lookup;
}

/** Exactly `sequenceLength` ids: unknown tokens are OOV_ID; the first tokens are kept, then PAD_ID. */
export function encodeText(text: string, lookup: ReadonlyMap<string, number>, settings: TokenizerSettings): Int32Array {
  const ids = new Int32Array(settings.sequenceLength); // all PAD_ID
  const tokens = tokenize(text, settings);
  const kept = Math.min(tokens.length, ids.length);
  for (let i = 0; i < kept; i++) ids[i] = lookup.get(tokens[i]!) ?? OOV_ID;
  return ids;
}

/** An encoder for one fitted tokenizer, its lookup built once for every text it encodes. */
export function createTextEncoder(fitted: FittedTokenizer): (text: string) => Int32Array {
  assertValid(fitted.settings);
  const lookup = vocabularyLookup(fitted.vocabulary);
  return (text) => encodeText(text, lookup, fitted.settings);
}

// ── choosing a sequence length ───────────────────────────────────────────────

/** Share of texts a suggested sequence length keeps whole. */
const SUGGESTED_COVERAGE = 0.95;
/** At most this many bars, so a chart stays readable whatever the longest text. */
const MAX_BINS = 40;

export interface LengthBin {
  /** Token counts from `min` to `max`, inclusive. */
  readonly min: number;
  readonly max: number;
  /** How many texts have that many tokens. */
  readonly count: number;
}

export interface LengthHistogram {
  /** Equal-width bins from 0 tokens to the longest text; empty when there are no texts. */
  readonly bins: readonly LengthBin[];
  readonly texts: number;
  readonly longest: number;
  /** The 95th percentile of lengths (nearest rank), at least 1: most texts fit whole, a few long ones are cut. */
  readonly suggestedLength: number;
}

/** How many tokens each text has, for choosing the sequence length (the settings' own is ignored). */
export function lengthHistogram(texts: Iterable<string>, settings: TokenizerSettings): LengthHistogram {
  const textsOfLength: number[] = [];
  let total = 0;
  for (const text of texts) {
    const length = tokenize(text, settings).length;
    textsOfLength[length] = (textsOfLength[length] ?? 0) + 1;
    total++;
  }
  const longest = Math.max(0, textsOfLength.length - 1);
  const width = Math.max(1, Math.ceil((longest + 1) / MAX_BINS));
  const bins: LengthBin[] = [];
  for (let min = 0; total > 0 && min <= longest; min += width) {
    let count = 0;
    for (let length = min; length < min + width; length++) count += textsOfLength[length] ?? 0;
    bins.push({ min, max: Math.min(min + width - 1, longest), count });
  }
  return {
    bins,
    texts: total,
    longest,
    suggestedLength: Math.max(1, percentileLength(textsOfLength, total, SUGGESTED_COVERAGE)),
  };
}

/** The smallest length that at least `share` of the texts do not exceed. */
function percentileLength(textsOfLength: readonly number[], total: number, share: number): number {
  const rank = Math.ceil(share * total);
  let seen = 0;
  for (let length = 0; length < textsOfLength.length; length++) {
    seen += textsOfLength[length] ?? 0;
    if (seen >= rank && seen > 0) return length;
  }
  return 0;
}
