// Checks RandomState against NumPy's legacy np.random, draw for draw.
//
// The reference values come from NumPy 2.4.6 via test/reference/random_reference.py (a test oracle:
// the project never runs Python). Each 100,000-draw stream from seed 0 is compared through an FNV-1a
// hash of its bytes, its left-to-right sum, values at a few indexes, and the rand() that follows it,
// which shows the stream consumed exactly as many 32-bit words as NumPy's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomState, binomialArray, randArray, randnArray } from './random.ts';
import { wasmBinomial1 } from './kernels/wasm-random.ts';

type Stream = Float64Array | Float32Array | Uint32Array | Int32Array | Uint8Array;

interface StreamReference {
  fnv: number;
  sum: number;
  picks: number[];
  nextRand?: number;
}

/** 32-bit FNV-1a over the array's bytes (little-endian, like NumPy's `tobytes()` on x86 and ARM). */
function fnv1a(values: Stream): number {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** Assert a stream, and the uniform drawn right after it, against the Python script's summary. */
function assertStream(values: Stream, expected: StreamReference, nextRand?: number): void {
  assert.deepEqual(REFERENCE.picks.map((i) => values[i]), expected.picks);
  let sum = 0;
  for (const v of values) sum += v;
  assert.equal(sum, expected.sum);
  assert.equal(fnv1a(values), expected.fnv);
  if (nextRand !== undefined) assert.equal(nextRand, expected.nextRand);
}

const COUNT = 100_000;

test('seed(0) starts MT19937 at its known outputs and 100,000 uint32s match NumPy', () => {
  const rs = new RandomState(0);
  const draws = new Uint32Array(COUNT);
  for (let i = 0; i < COUNT; i++) draws[i] = rs.nextUint32();
  assert.deepEqual(Array.from(draws.subarray(0, 3)), [2357136044, 2546248239, 3071714933]);
  assertStream(draws, REFERENCE.uint32, rs.rand());
});

test('rand matches NumPy for 100,000 draws', () => {
  const rs = new RandomState(0);
  assertStream(randArray(rs, COUNT), REFERENCE.rand, rs.rand());
});

test('randn rounded to float32 matches NumPy exactly for 100,000 draws', () => {
  const rs = new RandomState(0);
  assertStream(Float32Array.from(randnArray(rs, COUNT)), REFERENCE.randnFloat32);
});

test('float64 randn is within 1e-15 of NumPy, differing only in the last bit for about 3% of draws', (t) => {
  const rs = new RandomState(0);
  const normals = randnArray(rs, COUNT);
  assert.equal(rs.rand(), REFERENCE.randnFloat64.nextRand); // same number of words consumed
  const sample = REFERENCE.randnFloat64Sample;
  let differ = 0;
  for (let k = 0; k < sample.length; k++) {
    const actual = normals[k * 400];
    assert.ok(Math.abs(actual - sample[k]) <= 1e-15 * Math.abs(sample[k]), `normal ${k * 400}: ${actual} vs ${sample[k]}`);
    if (actual !== sample[k]) differ++;
  }
  // Math.log is not glibc's log: 3,175 of the 100,000 float64 normals differ (3.2%), none after float32 rounding.
  t.diagnostic(`${differ} of ${sample.length} sampled float64 normals differ from NumPy in the last bits`);
  assert.ok(differ <= 25, `${differ} differing normals is far more than the ~3% expected`);
  assert.ok(Math.abs(normals.reduce((a, b) => a + b, 0) - REFERENCE.randnFloat64.sum) < 1e-9);
});

for (const [n, p, name] of [[1, 0.9, 'binomial_1_0.9'], [1, 0.5, 'binomial_1_0.5'], [5, 0.3, 'binomial_5_0.3']] as const) {
  test(`binomial(${n}, ${p}) matches NumPy for 100,000 draws`, () => {
    const rs = new RandomState(0);
    const draws = binomialArray(rs, n, p, COUNT);
    const histogram = new Array<number>(n + 1).fill(0);
    for (const x of draws) histogram[x]++;
    assert.deepEqual(histogram, REFERENCE[name].histogram);
    assertStream(Uint8Array.from(draws), REFERENCE[name], rs.rand());
  });
}

test('permutation(100000) matches NumPy, and shuffle of a plain array draws the same', () => {
  const rs = new RandomState(0);
  assertStream(rs.permutation(COUNT), REFERENCE.permutation, rs.rand());
  rs.seed(0);
  const expected = rs.permutation(1000);
  rs.seed(0);
  const items = Array.from({ length: 1000 }, (_, i) => `item ${i}`);
  rs.shuffle(items);
  assert.deepEqual(items, Array.from(expected, (i) => `item ${i}`));
});

test('shuffleRows moves whole rows like NumPy shuffle of a 2-D array, with the draws of a 1-D shuffle', () => {
  const rs = new RandomState(0);
  const rows = 1000;
  const matrix = Float32Array.from({ length: rows * 3 }, (_, i) => i);
  rs.shuffleRows(matrix, 3);
  assert.equal(rs.rand(), REFERENCE.shuffleRows1000x3.nextRand);
  assert.equal(fnv1a(matrix), REFERENCE.shuffleRows1000x3.fnv);
  const order = Array.from({ length: rows }, (_, r) => matrix[3 * r] / 3);
  assert.deepEqual(order.slice(0, 4), REFERENCE.shuffleRows1000x3.firstRows);
  assert.deepEqual(order, Array.from(new RandomState(0).permutation(rows)));
});

test('the cached second normal survives rand and binomial calls, and seed clears it', () => {
  const rs = new RandomState(0);
  const draws = [
    rs.randn(), rs.randn(), rs.randn(), rs.rand(), rs.randn(), rs.randn(), rs.binomial(1, 0.5),
    rs.randn(), rs.binomial(0, 0.5), rs.binomial(3, 0), rs.binomial(3, 1), rs.randn(),
  ];
  assert.deepEqual(draws, REFERENCE.interleaved);
  rs.randn(); // leaves a normal cached
  rs.seed(0);
  assert.equal(rs.randn(), 1.764052345967664);
});

test('randomInterval matches legacy randint(0, max + 1) for small and 32-bit ranges', () => {
  const rs = new RandomState(0);
  for (const [max, expected] of REFERENCE.intervals as [number, number[]][]) {
    assert.deepEqual(Array.from({ length: 5 }, () => rs.randomInterval(max)), expected, `max = ${max}`);
  }
  assert.equal(rs.rand(), REFERENCE.intervalsNextRand);
});

test('getState matches NumPy get_state, survives JSON, and setState resumes the stream', () => {
  const rs = new RandomState(0);
  randArray(rs, 1000);
  randnArray(rs, 3);
  const state = rs.getState();
  assert.equal(fnv1a(Uint32Array.from(state.key)), REFERENCE.state.keyFnv);
  assert.equal(state.key[0], REFERENCE.state.key0);
  assert.equal(state.pos, REFERENCE.state.pos);
  assert.equal(state.hasGauss, REFERENCE.state.hasGauss);
  assert.equal(state.gauss, REFERENCE.state.gauss);

  const ahead = [rs.randn(), rs.randn(), rs.rand(), rs.nextUint32()];
  const restored = new RandomState(7);
  restored.setState(JSON.parse(JSON.stringify(state)));
  assert.deepEqual([restored.randn(), restored.randn(), restored.rand(), restored.nextUint32()], ahead);
});

test('invalid arguments throw a RangeError', () => {
  const rs = new RandomState();
  assert.throws(() => rs.binomial(1, 1.5), RangeError);
  assert.throws(() => rs.binomial(1, -0.1), RangeError);
  assert.throws(() => rs.binomial(1, NaN), RangeError);
  assert.throws(() => rs.binomial(2.5, 0.5), RangeError);
  assert.throws(() => rs.binomial(-1, 0.5), RangeError);
  assert.throws(() => rs.binomial(100, 0.5), /BTPE/); // n * p = 50 > 30
  assert.doesNotThrow(() => rs.binomial(100, 0.99)); // n * (1 - p) = 1 is fine
  assert.throws(() => rs.seed(-1), RangeError);
  assert.throws(() => rs.seed(2 ** 32), RangeError);
  assert.throws(() => rs.seed(0.5), RangeError);
  assert.throws(() => rs.shuffleRows(new Float32Array(7), 3), RangeError);
  assert.throws(() => rs.randomInterval(2 ** 32), RangeError);
});

// Generated by test/reference/random_reference.py (NumPy 2.4.6); do not edit by hand.
const REFERENCE = {
  "count": 100000,
  "picks": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12345, 50000, 99999],
  "uint32": {"fnv": 1847179043, "sum": 214203870694291.0, "picks": [2357136044, 2546248239, 3071714933, 3626093760, 2588848963, 3684848379, 2340255427, 3638918503, 1819583497, 2678185683, 715552206, 3784739375, 538810357], "nextRand": 0.3076453492925133},
  "rand": {"fnv": 3516084914, "sum": 49950.00330115056, "picks": [0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969, 0.4236547993389047, 0.6458941130666561, 0.4375872112626925, 0.8917730007820798, 0.9636627605010293, 0.3834415188257777, 0.005015471386759285, 0.3076453492925133, 0.22575585618341354], "nextRand": 0.5352570732798739},
  "randnFloat32": {"fnv": 1276686766, "sum": 157.67005072209258, "picks": [1.764052391052246, 0.40015721321105957, 0.978738009929657, 2.2408931255340576, 1.8675580024719238, -0.9772778749465942, 0.9500884413719177, -0.15135720372200012, -0.10321885347366333, 0.4105985164642334, 0.3111010193824768, 0.0660410076379776, -1.2852076292037964]},
  "randnFloat64": {"fnv": 1367271725, "sum": 157.67005081253245, "picks": [1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458, 1.8675579901499675, -0.977277879876411, 0.9500884175255894, -0.1513572082976979, -0.10321885179355784, 0.41059850193837233, 0.3111010156791013, 0.06604100938626511, -1.2852076475754735], "nextRand": 0.7915856984816789},
  "randnFloat64Sample": [
    1.764052345967664, -0.5986539369229861, 1.4111720638896117, -0.8963697225521802, 0.43077113494564145,
    -1.5329210534301279, 0.15217697558826634, -0.9669310884567346, -1.3333422788907014, 0.5267817052573492,
    0.6133491654036357, -0.3423680438532295, 0.4132559710474977, -0.47234618109378673, 0.5951352832409404,
    2.0425362340170494, -0.0963036711591959, -1.1532803946129482, -0.08872441331265941, 0.7430288435789966,
    0.9978447558928367, 1.6901089783163248, -0.36052480885177973, 1.5672499421093504, 0.6150395401970197,
    -0.20211702713566235, 0.48804345564498136, -1.5077642940984763, 0.8668015686853333, -1.0836731745436394,
    0.9455083883413458, -0.6183389192098705, -0.21396041729999032, -0.15898708151531657, 2.7803464867210868,
    -0.7064131417118011, 0.011200557880875116, -0.5477022272756977, -0.5407711361944363, 0.802456086046167,
    -1.9626525503620922, 0.9031167168576457, -1.0336141544665107, -0.01268328585630845, 2.16092663379388,
    0.0060142102865014925, -1.596538408181568, 0.09673164018585328, -1.1205271482113863, -1.712662213482292,
    0.3300458894753217, -0.8434281850816806, -0.36601793994928367, 0.43255030262572197, -0.9178314886286646,
    -0.7923594475126599, -2.4778037550764336, -0.2636847889006189, 1.0357469858563704, -0.14367719988168928,
    -0.3389316626251431, -0.10878389414048556, 1.8947798013425838, -0.008043631617936454, 2.1040093315616333,
    0.4049543719735185, 0.693145930359578, 1.5336950548903932, -0.9928976802100447, -0.47137241729074403,
    -0.9478094088329851, -0.1641405593340828, 1.4609395083392624, 0.5833849757353077, -0.18575361783007194,
    0.37123214419113804, 2.2317814104988725, -0.6922243139033901, -0.7343836501480095, 1.1973664987791874,
    0.4200106645236774, -1.7673786071952706, 0.39551323046392317, -0.7205293000533923, -0.4716863505387685,
    -1.0775034389902018, 1.646447865250218, -0.648561828410562, 0.7102911733151641, 0.3695668600117975,
    -0.3921145774573315, -1.1308562004896967, 0.3605966742720107, 0.21165157725198636, 1.5852865706644579,
    -0.3044526071357786, -0.23716225874535624, 1.386932810920617, -1.5266704709224745, -0.751317647143175,
    -1.939500363573715, 0.24942932407955193, -0.613110834776904, -1.1406484117522186, 0.21474519272510167,
    -1.0422717850858079, 0.9612666781911992, -1.7023652158940352, 1.5684889570529315, 0.30940159636986203,
    -1.5387016963332198, 0.0477416690717214, 0.892898140636447, 0.8313896654264742, -0.2580229502545398,
    -0.09184525678305577, -0.29106705913470854, 0.8981700444521953, -1.5044722071358403, -0.7107395959328966,
    -0.6807827766109212, -0.8561789395932706, 1.1235596491833648, -1.179381684787515, -1.4496890172752668,
    0.06604100938626511, -1.1311392906894309, 0.37089376697509696, -1.7598483237830687, -0.9642880607085589,
    1.1753531647027269, -0.7241430433712062, -2.2888105905421017, 0.3827536011867151, -0.5831449507496665,
    -0.20990839887412757, -0.3057632302811761, 0.03382296675357354, 0.5288925404551607, -1.2935653310410085,
    0.32178359499580467, 1.0855424445510624, 0.5785822036943077, -1.2789443241512841, 0.24272855401212165,
    -0.3015466752140837, -0.5230823259051975, -1.5577872096627028, -0.6042553682643286, -1.4522352974392005,
    -1.077659200553959, 0.5490329190154554, 2.180796360894045, -1.802048977245827, -0.951221094435566,
    0.1282520858793009, 0.09462078565024021, 0.06894547044516051, -1.1849820899124799, -0.15731676507872805,
    -1.4716683819921563, -1.2036857338963878, -2.425628660170357, 0.2162799786370346, 0.4101985287407598,
    -0.3616277148073642, 0.29789386900000253, -0.5142672235478986, -1.100667162762931, 1.0690660412751132,
    -0.5056212530186361, -0.7276904465736256, 0.2824765043196352, 1.2603072074408421, -1.040235687120927,
    -1.8614654395463328, 0.8137839620311297, 0.9216833000840429, -0.29314731604786126, 0.020876342223499607,
    0.16481190025367443, 1.156188806745524, 1.5169692891735207, 1.195274388485497, -1.0433691174168807,
    -1.6666994781021172, -0.6382617583480437, -0.3758531725211809, -1.2315342568252852, 0.6488144957987867,
    -0.7925121045469686, -1.0812748420561995, 1.0461391781195157, -0.49439719629492873, 0.3213033029396388,
    0.45738859379291646, 1.3891785788744084, 0.24556968492766146, -0.18446167232545763, 0.21179421381977062,
    0.5715779567183892, -1.1862184099214046, 0.4601627258615422, -0.7611726526171166, 1.2209195807664732,
    -0.3618898731498199, -0.6589713054163204, -1.1283095810526815, 1.9552049435541603, 0.3802107498219897,
    0.10573360562739338, -1.1433326251971243, -0.4295705053101478, -1.6282833631931466, 0.9603426389354427,
    -0.24212293088932835, -0.8744552405258877, -0.3905891297856074, -0.3023525769889312, -1.694977534177099,
    -0.3328878153790282, -1.2962996596756027, -0.44034396829753025, 0.9851147905995662, -1.4949227276604455,
    0.11852333612740489, -0.8141296061890899, -0.09174765446728399, 0.49452264010401964, 0.26656851015684624,
    0.21637587753108395, 0.2354594566386294, -0.17064174117712605, 2.267034805809672, 0.8137828823785596,
    -1.189077018364789, 1.1350761861655183, 0.21891881593890272, -1.0338197344915783, 0.09743319050256899,
    1.6235107094801002, 0.6349942405397508, 1.1786170385645691, 0.8793065970262487, 1.141419702752734,
    2.071715765771471, -1.2076241408976367, 0.6555977319273238, -1.4903062180375808, -0.325698966437363,
  ],
  "binomial_1_0.9": {"fnv": 551805666, "sum": 89975.0, "picks": [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1], "nextRand": 0.5352570732798739, "histogram": [10025, 89975]},
  "binomial_1_0.5": {"fnv": 1635317606, "sum": 49945.0, "picks": [1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0], "nextRand": 0.5352570732798739, "histogram": [50055, 49945]},
  "binomial_5_0.3": {"fnv": 1657506573, "sum": 149788.0, "picks": [2, 2, 2, 2, 1, 2, 1, 3, 3, 1, 0, 1, 1], "nextRand": 0.5352570732798739, "histogram": [16968, 35870, 30895, 13193, 2821, 253]},
  "permutation": {"fnv": 1073514509, "sum": 4999950000.0, "picks": [3582, 60498, 53227, 21333, 3885, 51521, 84261, 10685, 59948, 41032, 37380, 24341, 68268], "nextRand": 0.5599673445827189},
  "shuffleRows1000x3": {"firstRows": [993, 859, 298, 553], "fnv": 429053496, "nextRand": 0.9920738428128281},
  "interleaved": [1.764052345967664, 0.4001572083672233, 0.9787379841057392, 0.4236547993389047, 2.240893199201458, -0.8427240538292873, 1, 1.9699244478698945, 0, 0, 3, 2.5452007784710537],
  "intervals": [[0, [0, 0, 0, 0, 0]], [1, [0, 1, 1, 0, 1]], [2, [1, 1, 2, 0, 2]], [5, [0, 0, 4, 2, 1]], [1000, [486, 551, 87, 174, 600]], [2147483647, [1686997841, 1827923621, 1443447321, 305097549, 1449105480]], [2147483648, [374217481, 86837363, 1581585360, 602801999, 2034131043]], [3000000000, [1982038771, 2235433757, 2915765395, 507984782, 2748439840]], [4294967295, [2499755969, 615697673, 2308000441, 4057322111, 3258229280]]],
  "intervalsNextRand": 0.5218483217500717,
  "state": {"keyFnv": 3721841308, "key0": 3440222609, "pos": 136, "hasGauss": true, "gauss": -0.21416665620008424},
};

test('bulk binomial(1, p) draws (WebAssembly) equal one-at-a-time draws and leave the generator in the same place', () => {
  for (const p of [0.9, 0.5, 0.1, 1, 0]) {
    for (const size of [64, 1000, 5003]) {
      const bulk = new RandomState(3);
      const single = new RandomState(3);
      bulk.rand(); // start away from a whole block of 624 words
      single.rand();
      const out = new Float64Array(size);
      bulk.binomialFill(out, 1, p);
      const expected = Float64Array.from({ length: size }, () => single.binomial(1, p));
      assert.deepEqual(out, expected, `p = ${p}, ${size} draws`);
      assert.equal(bulk.rand(), single.rand(), `p = ${p}, ${size} draws: the next uniform`);
    }
  }
});

test('bulk binomial(1, p) draws equal one-at-a-time draws from any position, for any count, p and divisor', () => {
  // The kernel draws four at a time from stretches of tempered words, one at a time at a stretch's
  // end, and across a twist when a draw's two words straddle it: start anywhere in the state
  // (0..624, so 623 and 624 too), with counts of every remainder, p on both sides of 0.5, divisors.
  const pick = new RandomState(2024);
  const ps = [0.9, 0.5, 0.1, 0.3, 0.75, 0, 1];
  const divisors = [1, 0.9, 0.5, 3, -2];
  for (let trial = 0; trial < 200; trial++) {
    const seed = pick.randomInterval(1000);
    const skip = trial < 8 ? 616 + trial : pick.randomInterval(1300); // the first trials start at 616..623
    const count = 64 + pick.randomInterval(2500);
    const p = trial % 4 === 3 ? pick.rand() : ps[pick.randomInterval(ps.length - 1)];
    const divisor = divisors[pick.randomInterval(divisors.length - 1)];
    const float32 = pick.randomInterval(3) === 0;
    const bulk = new RandomState(seed);
    const single = new RandomState(seed);
    for (let i = 0; i < skip; i++) {
      bulk.nextUint32();
      single.nextUint32();
    }
    const out = float32 ? new Float32Array(count) : new Float64Array(count);
    bulk.binomialFill(out, 1, p, divisor);
    const expected = Array.from({ length: count }, () => single.binomial(1, p) / divisor);
    const what = `seed ${seed}, ${skip} words skipped, ${count} draws, p = ${p}, divisor ${divisor}${float32 ? ', float32' : ''}`;
    assert.deepEqual(out, float32 ? Float32Array.from(expected) : Float64Array.from(expected), what);
    assert.deepEqual(bulk.getState(), single.getState(), `${what}: the generator afterwards`);
  }
});

test('the kernel redraws past the bound exactly as the inversion does, and declines a qn off the 2^-53 grid', () => {
  // With NumPy's constants P(X = 0) + P(X = 1) rounds to 1 and a redraw (u − qn > P(X = 1)) is
  // too rare to see, so these constants leave a gap: a redraw for about one u in eight.
  const check = new RandomState(11);
  for (const [qn, px1, flip, divisor] of [[0.75, 0.125, false, 1], [0.5, 0.375, true, 0.9], [0.875, 0.0625, true, -1]] as const) {
    for (let trial = 0; trial < 20; trial++) {
      const state = new RandomState(trial);
      const skip = trial < 4 ? 621 + trial : check.randomInterval(1300);
      for (let i = 0; i < skip; i++) state.nextUint32();
      const start = state.getState();
      const key = Uint32Array.from(start.key);
      const out = new Float64Array(64 + check.randomInterval(1000));
      const pos = wasmBinomial1(key, start.pos, out, qn, px1, flip, divisor);
      assert.notEqual(pos, null, 'the kernel ran');
      const expected = out.map(() => {
        for (;;) {
          const u = state.rand();
          const x = u <= qn ? 0 : u - qn <= px1 ? 1 : -1;
          if (x >= 0) return (flip ? 1 - x : x) / divisor;
        }
      });
      const what = `qn ${qn}, px1 ${px1}, ${skip} words skipped, ${out.length} draws`;
      assert.deepEqual(out, expected, what);
      const after = state.getState();
      assert.deepEqual([Array.from(key), pos], [after.key, after.pos], `${what}: the generator afterwards`);
    }
  }
  assert.equal(wasmBinomial1(new Uint32Array(624), 624, new Float64Array(64), 0.3, 0.1, false, 1), null);
});

test('the kernel decides ties (u = qn, u − qn = P(X = 1)) as the inversion does', () => {
  // qn and qn + px1 taken from uniforms of the stream itself, so that some draws fall exactly on
  // the bounds (at every offset from a stretch of four, and in the one-at-a-time draws).
  for (let trial = 0; trial < 40; trial++) {
    const state = new RandomState(100 + trial);
    for (let i = 0; i < trial * 31; i++) state.nextUint32();
    const start = state.getState();
    const ahead = new RandomState();
    ahead.setState(start);
    const us = Array.from({ length: 80 }, () => ahead.rand());
    const qn = us[trial % 8];
    const bound = us.slice(8).find((u) => u > qn);
    if (bound === undefined) continue;
    const px1 = bound - qn;
    const key = Uint32Array.from(start.key);
    const out = new Float64Array(64 + (trial % 5));
    const pos = wasmBinomial1(key, start.pos, out, qn, px1, false, 1);
    assert.notEqual(pos, null, 'the kernel ran');
    const expected = out.map(() => {
      for (;;) {
        const u = state.rand();
        if (u <= qn) return 0;
        if (u - qn <= px1) return 1;
      }
    });
    assert.deepEqual(out, expected, `trial ${trial}: qn ${qn}, px1 ${px1}`);
    assert.equal(pos, state.getState().pos);
  }
});
