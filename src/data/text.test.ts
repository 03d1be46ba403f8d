import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKENIZER_SETTINGS,
  createTextEncoder,
  encodeText,
  fitVocabulary,
  lengthHistogram,
  tokenize,
  validateTokenizerSettings,
  vocabularyLookup,
  type TokenizerSettings,
} from './text';

const words: TokenizerSettings = {
  ...DEFAULT_TOKENIZER_SETTINGS,
  level: 'word',
  lowercase: true,
  stripPunctuation: true,
};
const chars: TokenizerSettings = { ...words, level: 'char' };

describe('tokenize, word level', () => {
  it('lower-cases and drops punctuation, which still separates words', () => {
    expect(tokenize("Hello, World! It's 2024.", words)).toEqual(['hello', 'world', 'it', 's', '2024']);
  });

  it('keeps punctuation as tokens of their own when asked, and case when asked', () => {
    expect(tokenize("Hello, World! It's", { ...words, stripPunctuation: false, lowercase: false })).toEqual([
      'Hello',
      ',',
      'World',
      '!',
      'It',
      "'",
      's',
    ]);
  });

  it('finds words in any script, combining marks included', () => {
    expect(tokenize('Привет, мир — Ελλάδα', words)).toEqual(['привет', 'мир', 'ελλάδα']);
    // Devanagari: the virama and vowel signs are combining marks inside the word.
    expect(tokenize('नमस्ते दुनिया', words)).toEqual(['नमस्ते', 'दुनिया']);
  });

  it('normalises to NFC, so a decomposed é is the same word as a precomposed one', () => {
    expect(tokenize('cafe\u0301', words)).toEqual(['caf\u00e9']);
  });

  it('keeps emoji (with their variation selector) even when punctuation is stripped', () => {
    expect(tokenize('Great 😍!! I ❤️ it', words)).toEqual(['great', '😍', 'i', '❤️', 'it']);
    expect(tokenize('Great 😍!!', { ...words, stripPunctuation: false })).toEqual(['great', '😍', '!', '!']);
  });

  it('treats invisible characters as nothing, and a text of spaces as no tokens', () => {
    expect(tokenize('a\u200bb\ufeff', words)).toEqual(['a', 'b']);
    expect(tokenize(' \t\n ', words)).toEqual([]);
  });
});

describe('tokenize, character level', () => {
  it('splits by code point: accented letters and emoji stay whole', () => {
    expect(tokenize('sífilis', chars)).toEqual(['s', 'í', 'f', 'i', 'l', 'i', 's']);
    expect(tokenize('a😀b', { ...chars, stripPunctuation: false })).toEqual(['a', '😀', 'b']);
    expect(tokenize('Ae\u0301', chars)).toEqual(['a', '\u00e9']);
  });

  it('collapses runs of spaces into one space token and trims the ends', () => {
    expect(tokenize('  ab \t c ', chars)).toEqual(['a', 'b', ' ', 'c']);
  });

  it('turns stripped punctuation into a separating space, or keeps it', () => {
    expect(tokenize('mp3-speler', chars)).toEqual(['m', 'p', '3', ' ', 's', 'p', 'e', 'l', 'e', 'r']);
    expect(tokenize('mp3-sp', { ...chars, stripPunctuation: false })).toEqual(['m', 'p', '3', '-', 's', 'p']);
  });
});

describe('validateTokenizerSettings', () => {
  it('accepts the defaults', () => {
    expect(validateTokenizerSettings(DEFAULT_TOKENIZER_SETTINGS)).toEqual({
      ok: true,
      value: DEFAULT_TOKENIZER_SETTINGS,
    });
  });

  it.each([
    [{ sequenceLength: 0 }, /Sequence length: .*from 1 .*received 0/],
    [{ sequenceLength: 2.5 }, /Sequence length: .*received 2.5/],
    [{ sequenceLength: 20_000 }, /Sequence length: .*to 10,000/],
    [{ maxVocabulary: 2 }, /Vocabulary size: .*from 3 .*received 2\. Padding and the unknown-token entry/],
    [{ maxVocabulary: Number.NaN }, /Vocabulary size: .*received NaN/],
    [{ level: 'sentence' as never }, /Tokens: expected "word" or "char", received "sentence"/],
  ])('refuses %o with a sentence', (change, message) => {
    const checked = validateTokenizerSettings({ ...DEFAULT_TOKENIZER_SETTINGS, ...change });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.error).toMatch(message);
  });

  it('is enforced where a caller skipped it', () => {
    expect(() => fitVocabulary(['a'], { ...words, maxVocabulary: 2 })).toThrow(RangeError);
    expect(() =>
      createTextEncoder({ version: 1, settings: { ...words, sequenceLength: 0 }, vocabulary: ['<pad>', '<oov>'] }),
    ).toThrow(RangeError);
  });
});

describe('fitVocabulary', () => {
  it('puts padding and the unknown token first, then tokens by frequency, ties in code-unit order', () => {
    expect(fitVocabulary(['b a', 'a c', 'c a', 'd'], words).vocabulary).toEqual(['<pad>', '<oov>', 'a', 'c', 'b', 'd']);
    expect(fitVocabulary(['é a Z'], { ...words, lowercase: false }).vocabulary).toEqual([
      '<pad>',
      '<oov>',
      'Z',
      'a',
      'é',
    ]);
  });

  it('caps the whole vocabulary, reserved entries included, dropping the rarest', () => {
    expect(fitVocabulary(['b a', 'a c', 'c a', 'd'], { ...words, maxVocabulary: 4 }).vocabulary).toEqual([
      '<pad>',
      '<oov>',
      'a',
      'c',
    ]);
  });

  it('is plain JSON: a copy read back encodes the same', () => {
    const fitted = fitVocabulary(['the cat sat', 'the dog'], words);
    const copy = JSON.parse(JSON.stringify(fitted)) as typeof fitted;
    expect(createTextEncoder(copy)('the dog sat')).toEqual(createTextEncoder(fitted)('the dog sat'));
  });
});

describe('encoding', () => {
  // the ×2, then cat, dog, sat ×1 in code-unit order: ids 2, 3, 4, 5.
  const fitted = fitVocabulary(['the cat sat', 'the dog'], { ...words, sequenceLength: 5 });

  it('maps unknown tokens to 1 and pads with 0 after the tokens', () => {
    expect([...createTextEncoder(fitted)('The bird sat.')]).toEqual([2, 1, 5, 0, 0]);
  });

  it('keeps the first tokens when a text is too long', () => {
    const encode = createTextEncoder({ ...fitted, settings: { ...fitted.settings, sequenceLength: 2 } });
    expect([...encode('the cat sat')]).toEqual([2, 3]);
  });

  it('never produces padding from text, even text that spells a reserved entry', () => {
    const lookup = vocabularyLookup(['<pad>', '<oov>', 'x']);
    expect(lookup.has('<pad>')).toBe(false);
    expect(lookup.has('<oov>')).toBe(false);
    expect([
      ...encodeText('<pad>', vocabularyLookup(['<pad>', '<oov>', '<', '>']), {
        ...words,
        stripPunctuation: false,
        sequenceLength: 3,
      }),
    ]).toEqual([2, 1, 3]);
  });

  it('encodes the language-words sample character by character', () => {
    const settings: TokenizerSettings = { ...chars, sequenceLength: 8 };
    const sample = fitVocabulary(['sífilis', 'erläuternden', 'monólogo'], settings);
    const encoded = createTextEncoder(sample)('síß');
    expect(sample.vocabulary[encoded[0]!]).toBe('s');
    expect(sample.vocabulary[encoded[1]!]).toBe('í');
    expect([...encoded.slice(2)]).toEqual([1, 0, 0, 0, 0, 0]);
  });
});

describe('properties', () => {
  const settingsArbitrary: fc.Arbitrary<TokenizerSettings> = fc.record({
    level: fc.constantFrom('word' as const, 'char' as const),
    lowercase: fc.boolean(),
    stripPunctuation: fc.boolean(),
    maxVocabulary: fc.integer({ min: 3, max: 40 }),
    sequenceLength: fc.integer({ min: 1, max: 30 }),
  });
  /** Any code points, a few of them spaces and punctuation, so texts have several tokens. */
  const textArbitrary = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc
      .array(fc.constantFrom('a', 'B', 'é', 'e\u0301', ' ', '.', ',', '😀', 'ж', '7', '\u200b'), { maxLength: 40 })
      .map((parts) => parts.join('')),
  );
  const corpusArbitrary = fc.array(textArbitrary, { maxLength: 20 });

  it('every encoding has exactly sequenceLength ids, each an index into the vocabulary', () => {
    fc.assert(
      fc.property(corpusArbitrary, textArbitrary, settingsArbitrary, (corpus, text, settings) => {
        const fitted = fitVocabulary(corpus, settings);
        const ids = createTextEncoder(fitted)(text);
        expect(fitted.vocabulary.length).toBeLessThanOrEqual(settings.maxVocabulary);
        expect(ids).toHaveLength(settings.sequenceLength);
        for (const id of ids) expect(id >= 0 && id < fitted.vocabulary.length).toBe(true);
      }),
    );
  });

  it('the vocabulary depends on the texts, not their order', () => {
    const corpusAndPermutation = corpusArbitrary.chain((corpus) =>
      fc.tuple(
        fc.constant(corpus),
        fc.shuffledSubarray(corpus, { minLength: corpus.length, maxLength: corpus.length }),
      ),
    );
    fc.assert(
      fc.property(corpusAndPermutation, settingsArbitrary, ([corpus, shuffled], settings) => {
        expect(fitVocabulary(shuffled, settings)).toEqual(fitVocabulary(corpus, settings));
      }),
    );
  });

  it('with room for every token, a training text decodes back to its first tokens, then padding', () => {
    fc.assert(
      fc.property(corpusArbitrary, settingsArbitrary, (corpus, settings) => {
        const fitted = fitVocabulary(corpus, { ...settings, maxVocabulary: 10_000 });
        const encode = createTextEncoder(fitted);
        for (const text of corpus) {
          const tokens = tokenize(text, settings).slice(0, settings.sequenceLength);
          const ids = [...encode(text)];
          expect(ids.slice(0, tokens.length).map((id) => fitted.vocabulary[id])).toEqual(tokens);
          expect(ids.slice(tokens.length).every((id) => id === 0)).toBe(true);
        }
      }),
    );
  });

  it('character tokens are single code points and word tokens hold no spaces', () => {
    fc.assert(
      fc.property(textArbitrary, settingsArbitrary, (text, settings) => {
        for (const token of tokenize(text, settings)) {
          if (settings.level === 'char') expect([...token]).toHaveLength(1);
          else expect(token).not.toMatch(/\s/u);
          expect(token).toBe(token.normalize('NFC'));
        }
      }),
    );
  });
});

describe('lengthHistogram', () => {
  it('counts texts per length and suggests the 95th percentile', () => {
    const histogram = lengthHistogram(['', 'a', 'b', 'a b', 'a b c d e'], words);
    expect(histogram.bins.map((bin) => bin.count)).toEqual([1, 2, 1, 0, 0, 1]);
    expect(histogram).toMatchObject({ texts: 5, longest: 5, suggestedLength: 5 });
  });

  it('lets a rare long text be cut, and groups long lengths into at most 40 bins', () => {
    const texts = [...Array.from({ length: 20 }, () => 'word'), Array.from({ length: 100 }, () => 'w').join(' ')];
    const histogram = lengthHistogram(texts, words);
    expect(histogram.suggestedLength).toBe(1);
    expect(histogram.bins).toHaveLength(34); // width 3: 101 lengths (0–100)
    expect(histogram.bins[0]).toEqual({ min: 0, max: 2, count: 20 });
    expect(histogram.bins.at(-1)).toEqual({ min: 99, max: 100, count: 1 });
  });

  it('suggests at least 1, with no texts or only empty ones', () => {
    expect(lengthHistogram([], words)).toEqual({ bins: [], texts: 0, longest: 0, suggestedLength: 1 });
    expect(lengthHistogram(['', '...'], words).suggestedLength).toBe(1);
  });

  it('suggests the smallest length that keeps at least 95% of texts whole', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 50 }), (lengths) => {
        const histogram = lengthHistogram(
          lengths.map((n) => 'x '.repeat(n)),
          words,
        );
        const within = (limit: number) => lengths.filter((n) => n <= limit).length / lengths.length;
        expect(histogram.bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(lengths.length);
        expect(within(histogram.suggestedLength)).toBeGreaterThanOrEqual(0.95);
        if (histogram.suggestedLength > 1) expect(within(histogram.suggestedLength - 1)).toBeLessThan(0.95);
      }),
    );
  });
});
