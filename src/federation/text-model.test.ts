import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TEXT_CORPUS_V2 } from './text-corpus-v2.ts';
import { decodeModelText, encodeModelText, learnText, textState, trainTextModel } from './text-model.ts';

const model = trainTextModel(TEXT_CORPUS_V2);
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

void describe('[FED-72] text model', () => {
  void it('property: any bytes decode to themselves, with any priming', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.string({ maxLength: 40 }), (bytes, prime) => {
        const coded = encodeModelText(model, bytes, textState(utf8(prime)));
        assert.deepStrictEqual(decodeModelText(model, coded, bytes.length, textState(utf8(prime))), bytes);
      }),
      { numRuns: 200 },
    );
  });

  void it('property: a sequence of texts decodes through a shared state, literals taught in between', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.boolean()), { maxLength: 4 }),
        (texts) => {
          const enc = textState();
          const sent = texts.map(([t, literal]) => {
            if (literal) {
              learnText(enc, utf8(t));
              return undefined;
            }
            return encodeModelText(model, utf8(t), enc);
          });
          const dec = textState();
          texts.forEach(([t, literal], i) => {
            if (literal) learnText(dec, utf8(t));
            else
              assert.equal(Buffer.from(decodeModelText(model, sent[i]!, utf8(t).length, dec)).toString(), t);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  void it('codes French field-report prose in well under half its size', () => {
    const text =
      'Vers 5 h, une colonne de motos a encerclé le marché de Tin-Akoff. Les éléments de la garde ' +
      'nationale ont riposté ; trois civils blessés, un véhicule incendié. Source : chef de canton.';
    const coded = encodeModelText(model, utf8(text), textState());
    assert.ok(coded.length * 2 < utf8(text).length, `${coded.length} / ${utf8(text).length}`);
  });

  void it('[FED-70] is a pure function of corpus, parameters and text: pinned output', () => {
    // Any change of the corpus or of the model's arithmetic changes these bytes: that is a new
    // dictionary version, never an edit of v2.
    const coded = encodeModelText(model, utf8('Embuscade contre une patrouille près de Djibo.'), textState());
    assert.equal(Buffer.from(coded).toString('hex'), PINNED);
  });
});

const PINNED = 'f91327fee0d5569dc70ee5943647c0';
