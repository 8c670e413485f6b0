/**
 * A random order in seed 000's shape (its orders.py producer): `{id, timestamp (epoch ms), amount
 * (1–50, two decimals), email, album: {artist_name, format, title, year (a string)}}`.
 */
import { randomUUID } from "node:crypto";

export interface RandomOrder {
  id: string;
  timestamp: number;
  amount: number;
  email: string;
  album: { artist_name: string; format: string; title: string; year: string };
}

export const ALBUM_FORMATS = ['7" Vinyl', '12" Vinyl'] as const;
export const MIN_AMOUNT = 1;
export const MAX_AMOUNT = 50;
const FIRST_YEAR = 1950;
const LAST_YEAR = 2024;

const FIRST_NAMES = [
  "ada",
  "grace",
  "alan",
  "edsger",
  "barbara",
  "ken",
  "margaret",
  "donald",
  "frances",
  "john",
];
const LAST_NAMES = [
  "lovelace",
  "hopper",
  "turing",
  "dijkstra",
  "liskov",
  "thompson",
  "hamilton",
  "knuth",
  "allen",
];
const ARTISTS = [
  "The Queue Depths",
  "Backpressure",
  "Dead Letters",
  "Visibility Timeout",
  "The Throttles",
  "Burst Credit",
];
const TITLE_WORDS = [
  "Midnight",
  "Signal",
  "Harbor",
  "Static",
  "Velvet",
  "Orbit",
  "Paper",
  "Engine",
  "Quiet",
  "Neon",
];

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, low: number, high: number) => low + random() * (high - low);

export function randomOrder(now: number, random: Random = Math.random): RandomOrder {
  return {
    id: randomUUID(),
    timestamp: now,
    amount: Math.round(between(random, MIN_AMOUNT, MAX_AMOUNT) * 100) / 100,
    email: `${pick(random, FIRST_NAMES)}.${pick(random, LAST_NAMES)}@example.com`,
    album: {
      artist_name: pick(random, ARTISTS),
      format: pick(random, ALBUM_FORMATS),
      title: `${pick(random, TITLE_WORDS)} ${pick(random, TITLE_WORDS)}`,
      year: String(Math.floor(between(random, FIRST_YEAR, LAST_YEAR + 1))),
    },
  };
}
