/**
 * When things happen in the demo: release instants from a team's cadence, and merge instants in
 * working hours (weekday daytime, UTC), so weekends and nights stay quiet.
 */
import type { Cadence } from './demo-profiles.ts';
import type { Random } from './demo-random.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const isWeekend = (time: number) => [0, 6].includes(new Date(time).getUTCDay());
const dayStart = (time: number) => Math.floor(time / DAY) * DAY;

/** An instant between 09:00 and 18:00 UTC on the day of `day`. */
const workingTime = (day: number, random: Random) => dayStart(day) + random.between(9, 18) * HOUR;

/** Release instants in [start, end), ascending. */
export function releaseTimes(cadence: Cadence, random: Random, start: number, end: number): number[] {
  const times: number[] = [];
  if (cadence.kind === 'daily') {
    for (let day = dayStart(start); day < end; day += DAY) {
      const chance = isWeekend(day) ? cadence.weekendChance : cadence.weekdayChance;
      if (!random.chance(chance)) continue;
      const count = random.int(...cadence.perDay);
      for (let i = 0; i < count; i++) times.push(workingTime(day, random));
    }
  } else {
    const [min, max] = cadence.everyDays;
    for (let day = start + random.between(0, max) * DAY; day < end; day += random.between(min, max) * DAY) {
      let weekday = day;
      while (isWeekend(weekday)) weekday += DAY;
      times.push(workingTime(weekday, random));
    }
  }
  return times.filter((time) => time >= start && time < end).sort((a, b) => a - b);
}

/** `count` merge instants in (from, to), ascending, mostly in working hours. */
export function mergeTimes(count: number, random: Random, from: number, to: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    let time = random.between(from, to);
    // Redraw a few times to land in working hours; short spans may have none, so give up then.
    for (let tries = 0; tries < 4 && !inWorkingHours(time); tries++) time = random.between(from, to);
    times.push(time);
  }
  return times.sort((a, b) => a - b);
}

function inWorkingHours(time: number): boolean {
  const hour = (time - dayStart(time)) / HOUR;
  return !isWeekend(time) && hour >= 8 && hour < 19;
}
