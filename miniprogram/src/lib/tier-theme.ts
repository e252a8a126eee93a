import type { TierBadge } from '@circles/shared';

export interface TierTheme {
  /** CSS background of the member card. */
  background: string;
  /** Main text colour on the card. */
  ink: string;
  /** Badge, progress bar and highlight colour. */
  accent: string;
  /** The dark premium look (黑金): black card, gold foil. */
  premium: boolean;
}

const GOLD = '#D9B77A';

function rgb(hex: string): [number, number, number] {
  const h = /^#?([0-9a-f]{6})$/i.exec(hex)?.[1] ?? '8c8c8c';
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

function mix(hex: string, toward: number, amount: number): string {
  const out = rgb(hex).map((c) => Math.round(c + (toward - c) * amount));
  return `#${out.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance (WCAG), 0 = black, 1 = white. */
export function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The card follows the brand's configured tier colour. A near-black tier colour is the top
 * tier's 黑金 look: a black card with gold foil text, whatever the tier is called.
 */
export function tierTheme(tier: Pick<TierBadge, 'color'>): TierTheme {
  if (luminance(tier.color) < 0.03) {
    return {
      background: 'linear-gradient(135deg, #3a3630 0%, #141416 45%, #050506 100%)',
      ink: '#F3E3C3',
      accent: GOLD,
      premium: true,
    };
  }
  const light = luminance(tier.color) > 0.45;
  return {
    background: `linear-gradient(135deg, ${mix(tier.color, 255, 0.35)} 0%, ${tier.color} 55%, ${mix(tier.color, 0, 0.35)} 100%)`,
    ink: light ? '#2B2B2B' : '#FFFFFF',
    accent: light ? '#2B2B2B' : '#FFFFFF',
    premium: false,
  };
}
