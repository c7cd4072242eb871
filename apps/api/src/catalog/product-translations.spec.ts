import { SEED_PRODUCTS } from './seed-products';
import { CATALOG_LANGUAGES, PRODUCT_TRANSLATIONS, negotiateLanguage, translateProduct } from './product-translations';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['en-US', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR', 'en'],
    ['*', 'en'],
    ['fr-FR, zh-TW;q=0.8, en;q=0.5', 'zh-TW'],
    ['en;q=0.4, zh-CN;q=0.9', 'zh-CN'],
    ['zh-CN;q=0, en', 'en'],
    ['zh-CN;q=0.8, zh-TW;q=0.8', 'zh-CN'],
    // A malformed weight is ignored rather than dropping the language.
    ['zh-CN;q=abc', 'zh-CN'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });

  it('reads repeated headers as one list', () => {
    expect(negotiateLanguage(['fr', 'zh-HK'])).toBe('zh-TW');
  });
});

describe('product translations', () => {
  it('covers every seeded product in every language, with non-empty text', () => {
    for (const product of SEED_PRODUCTS) {
      for (const language of CATALOG_LANGUAGES) {
        const text = translateProduct(product, language);
        expect(text.name.trim()).not.toBe('');
        expect(text.description.trim()).not.toBe('');
        if (language !== 'en') expect(PRODUCT_TRANSLATIONS[product.id]?.[language]).toBeDefined();
      }
    }
  });

  it('answers in the language asked for, and in English for products without a translation', () => {
    const tea = SEED_PRODUCTS.find((p) => p.id === 'oolong-tea')!;
    expect(translateProduct(tea, 'zh-CN').name).toBe('铁观音乌龙茶');
    expect(translateProduct(tea, 'zh-TW').name).toBe('鐵觀音烏龍茶');
    expect(translateProduct(tea, 'en').name).toBe(tea.name);
    expect(translateProduct({ id: 'new-thing', name: 'New thing', description: 'Fresh' }, 'zh-CN')).toEqual({ name: 'New thing', description: 'Fresh' });
  });
});
