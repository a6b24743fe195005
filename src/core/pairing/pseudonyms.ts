import type { RandomSource } from './seeded-random.js';
import { shuffled } from './seeded-random.js';

/**
 * Words for pseudonyms such as "Misty Kestrel". The adjectives describe light, weather, colour, season or
 * landscape — never a character, mood or ability — so no one can read their name as a judgement of them.
 * Words that are also common first names (Amber, Dawn, Heather, Robin, ...) are left out, so a pseudonym never
 * looks like a real person's name.
 */
export const PSEUDONYM_ADJECTIVES: readonly string[] = [
  'Bright',
  'Quiet',
  'Silver',
  'Golden',
  'Copper',
  'Russet',
  'Slate',
  'Ochre',
  'Misty',
  'Sunlit',
  'Moonlit',
  'Starlit',
  'Frosty',
  'Dewy',
  'Breezy',
  'Morning',
  'Evening',
  'Twilight',
  'Northern',
  'Southern',
  'Eastern',
  'Western',
  'Coastal',
  'Upland',
  'Lowland',
  'Moorland',
  'Woodland',
  'Meadow',
  'Harbour',
  'River',
  'Estuary',
  'Hillside',
  'Valley',
  'Orchard',
  'Heathland',
  'Island',
  'Pebble',
  'Mossy',
  'Leafy',
  'Snowy',
  'Wintry',
  'Tidal',
];

/** Birds of the British Isles, one word each (the relay shows only the bird: "Kestrel: ..."). */
export const PSEUDONYM_BIRDS: readonly string[] = [
  'Kestrel',
  'Heron',
  'Wren',
  'Curlew',
  'Plover',
  'Lapwing',
  'Dunlin',
  'Swift',
  'Swallow',
  'Finch',
  'Linnet',
  'Skylark',
  'Goldcrest',
  'Nuthatch',
  'Treecreeper',
  'Wagtail',
  'Redstart',
  'Stonechat',
  'Dipper',
  'Kingfisher',
  'Puffin',
  'Gannet',
  'Fulmar',
  'Guillemot',
  'Razorbill',
  'Tern',
  'Avocet',
  'Godwit',
  'Redshank',
  'Sanderling',
  'Turnstone',
  'Oystercatcher',
  'Egret',
  'Grebe',
  'Teal',
  'Wigeon',
  'Eider',
  'Goldfinch',
  'Siskin',
  'Yellowhammer',
  'Blackcap',
  'Chiffchaff',
  'Fieldfare',
  'Waxwing',
  'Starling',
];

/**
 * Pseudonyms for the members of one group: "Adjective Bird", with no adjective and no bird used twice in the
 * group, so each person's short name (the bird) is unique in the conversation. Drawn from the random source
 * only: nothing about a person (id, name, platform) goes in, so nothing about them can come out.
 * @param groupSize how many pseudonyms, at most the length of the shorter word list.
 * @param random a seeded random source.
 * @returns one pseudonym per member, in the order the caller assigns them.
 * @throws RangeError when the group is larger than the word lists allow.
 */
export function assignPseudonyms(groupSize: number, random: RandomSource): string[] {
  const limit = Math.min(PSEUDONYM_ADJECTIVES.length, PSEUDONYM_BIRDS.length);
  if (!Number.isInteger(groupSize) || groupSize < 0 || groupSize > limit) {
    throw new RangeError(`group size must be a whole number from 0 to ${limit}`);
  }
  const adjectives = shuffled(PSEUDONYM_ADJECTIVES, random);
  const birds = shuffled(PSEUDONYM_BIRDS, random);
  return Array.from({ length: groupSize }, (_, i) => `${adjectives[i]} ${birds[i]}`);
}

/**
 * The short name shown before relayed messages: the bird ("Misty Kestrel" → "Kestrel").
 * @param pseudonym a pseudonym from {@link assignPseudonyms}.
 */
export function shortPseudonym(pseudonym: string): string {
  const words = pseudonym.trim().split(/\s+/);
  return words[words.length - 1] ?? pseudonym;
}
