// A small Code128 decoder for the tests: reads the bars of a waybill's barcode SVG (as
// barcoders draws them: one 1-unit <rect> per dark module) and returns the text, after
// checking the start, the check symbol and the stop pattern. Patterns from ISO/IEC 15417.

const WIDTHS = [
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
  "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
  "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
  "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
  "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
  "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
  "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
  "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
  "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
  "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
  "114131", "311141", "411131", "211412", "211214", "211232",
];
const STOP = "2331112";

function modules(w: string): string {
  return [...w].map((n, i) => (i % 2 === 0 ? "1" : "0").repeat(Number(n))).join("");
}

/** Dark modules of the inner bar SVG, as a 0/1 string from the first bar to the last. */
export function barsOf(svg: string): string {
  const xs = [...svg.matchAll(/<rect x="(\d+)"[^>]*fill="#000000"/g)].map((m) => Number(m[1]));
  const n = Math.max(...xs) + 1;
  const bits = Array(n).fill("0");
  for (const x of xs) bits[x] = "1";
  return bits.join("");
}

/** The text a Code128 module string encodes (sets B and C), or an Error. */
export function decode128(bits: string): string {
  const table = new Map(WIDTHS.map((w, v) => [modules(w), v]));
  if (!bits.endsWith(modules(STOP))) throw new Error("no stop pattern");
  const body = bits.slice(0, bits.length - 13);
  if (body.length % 11 !== 0) throw new Error(`odd length ${body.length}`);
  const values: number[] = [];
  for (let i = 0; i < body.length; i += 11) {
    const v = table.get(body.slice(i, i + 11));
    if (v === undefined) throw new Error(`unknown symbol at module ${i}`);
    values.push(v);
  }
  const [start, ...rest] = values;
  const check = rest.pop()!;
  const sum = rest.reduce((acc, v, i) => acc + v * (i + 1), start);
  if (sum % 103 !== check) throw new Error("bad check symbol");
  let set = start === 105 ? "C" : start === 104 ? "B" : "";
  if (!set) throw new Error("unsupported start");
  let out = "";
  for (const v of rest) {
    if (v === 99) set = "C";
    else if (v === 100) set = "B";
    else if (set === "C") out += String(v).padStart(2, "0");
    else out += String.fromCharCode(v + 32);
  }
  return out;
}
