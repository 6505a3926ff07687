/** How many columns the video grid uses for `n` tiles so they fill the stage without scrolling
 * (close to square cells of 16:9 pictures). Pure, unit-tested. */
export function gridColumns(n: number, narrow: boolean): number {
  if (narrow) return n <= 2 ? 1 : 2;
  if (n <= 1) return 1;
  if (n <= 4) return 2;
  if (n <= 9) return 3;
  if (n <= 16) return 4;
  return 5;
}
