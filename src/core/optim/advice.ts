/**
 * Lion's authors (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms") advise a learning
 * rate 3–10× smaller and a weight decay 3–10× larger than AdamW's, because sign() updates have a larger
 * norm. The UI shows these ranges where the user picks values, and flags a Lion arm set like AdamW.
 */
/** Lion's authors' factors: lr 3–10× smaller than AdamW's, weight decay 3–10× larger. */
export const LION_FACTOR_RANGES = { lr: [3, 10], weightDecay: [3, 10] } as const;

export interface Range {
  min: number;
  max: number;
}

export interface LionAdvice {
  lr: Range;
  weightDecay: Range;
  text: string;
}

export function lionAdviceFor(adamwLr: number, adamwWeightDecay: number): LionAdvice {
  if (!(Number.isFinite(adamwLr) && adamwLr > 0)) throw new Error(`lionAdviceFor: adamwLr must be a finite number > 0, got ${adamwLr}`);
  if (!(Number.isFinite(adamwWeightDecay) && adamwWeightDecay >= 0)) {
    throw new Error(`lionAdviceFor: adamwWeightDecay must be a finite number ≥ 0, got ${adamwWeightDecay}`);
  }
  const lr = { min: adamwLr / 10, max: adamwLr / 3 };
  const weightDecay = { min: adamwWeightDecay * 3, max: adamwWeightDecay * 10 };
  return {
    lr,
    weightDecay,
    text:
      `Lion's authors advise a learning rate 3–10× smaller than AdamW's (here ${fmt(lr.min)}–${fmt(lr.max)}) ` +
      `and a weight decay 3–10× larger (here ${fmt(weightDecay.min)}–${fmt(weightDecay.max)}), keeping lr × wd about the same.`,
  };
}

export type LionWarningCode = 'lion-lr-equals-adamw' | 'lion-lr-too-high' | 'lion-lr-too-low' | 'lion-wd-too-low' | 'lion-wd-too-high';

export interface LionWarning {
  code: LionWarningCode;
  field: 'lr' | 'weightDecay';
  message: string;
}

/** Flags a Lion arm outside the advised ranges relative to the AdamW arm it is compared with. */
export function checkLionAgainstAdamw(lion: { lr: number; weightDecay: number }, adamw: { lr: number; weightDecay: number }): LionWarning[] {
  const advice = lionAdviceFor(adamw.lr, adamw.weightDecay);
  const warnings: LionWarning[] = [];
  const relTol = 1e-9;
  if (Math.abs(lion.lr - adamw.lr) <= relTol * adamw.lr) {
    warnings.push({ code: 'lion-lr-equals-adamw', field: 'lr', message: `Lion's lr equals AdamW's (${fmt(adamw.lr)}). ${advice.text}` });
  } else if (lion.lr > advice.lr.max * (1 + relTol)) {
    warnings.push({
      code: 'lion-lr-too-high',
      field: 'lr',
      message: `Lion's lr ${fmt(lion.lr)} is above the advised ${fmt(advice.lr.min)}–${fmt(advice.lr.max)}.`,
    });
  } else if (lion.lr < advice.lr.min * (1 - relTol)) {
    warnings.push({
      code: 'lion-lr-too-low',
      field: 'lr',
      message: `Lion's lr ${fmt(lion.lr)} is below the advised ${fmt(advice.lr.min)}–${fmt(advice.lr.max)}.`,
    });
  }
  if (adamw.weightDecay > 0) {
    if (lion.weightDecay < advice.weightDecay.min * (1 - relTol)) {
      warnings.push({
        code: 'lion-wd-too-low',
        field: 'weightDecay',
        message: `Lion's weight decay ${fmt(lion.weightDecay)} is below the advised ${fmt(advice.weightDecay.min)}–${fmt(advice.weightDecay.max)}.`,
      });
    } else if (lion.weightDecay > advice.weightDecay.max * (1 + relTol)) {
      warnings.push({
        code: 'lion-wd-too-high',
        field: 'weightDecay',
        message: `Lion's weight decay ${fmt(lion.weightDecay)} is above the advised ${fmt(advice.weightDecay.min)}–${fmt(advice.weightDecay.max)}.`,
      });
    }
  }
  return warnings;
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
}

export type LionArmWarningCode = 'lion-lr-not-smaller' | 'lion-lr-far-smaller' | 'lion-wd-not-larger' | 'lion-beta2-adamw-default';

/** An arm setting against its optimizer's advice: `key` is the arm field at fault. */
export interface ArmWarning<C extends string = string> {
  code: C;
  key: 'lr' | 'weightDecay' | 'beta1' | 'beta2' | 'eps' | 'momentum' | 'dampening' | 'nesterov';
  message: string;
}

function ratioText(x: number): string {
  return `${Number(x.toPrecision(3))}×`;
}

/** A Lion arm judged against the AdamW arm of its experiment (the honesty warnings; none of them stops a run). */
export function lionArmWarnings(
  lion: { lr: number; weightDecay: number; beta2?: number },
  adamw: { lr: number; weightDecay: number },
): ArmWarning<LionArmWarningCode>[] {
  const warnings: ArmWarning<LionArmWarningCode>[] = [];
  const [minFactor, maxFactor] = LION_FACTOR_RANGES.lr;
  const [minWdFactor, maxWdFactor] = LION_FACTOR_RANGES.weightDecay;
  const lrFactor = adamw.lr / lion.lr;
  if (lrFactor < minFactor) {
    warnings.push({
      code: 'lion-lr-not-smaller',
      key: 'lr',
      message:
        lrFactor <= 1
          ? `Lion runs at ${lrFactor === 1 ? "AdamW's learning rate" : 'a larger learning rate than AdamW'} (${lion.lr} vs ${adamw.lr}); its authors advise ${minFactor}–${maxFactor}× smaller, and a too-large lr makes Lion look worse than it is`
          : `Lion's learning rate is only ${ratioText(lrFactor)} smaller than AdamW's (${lion.lr} vs ${adamw.lr}); its authors advise ${minFactor}–${maxFactor}× smaller`,
    });
  } else if (lrFactor > maxFactor) {
    warnings.push({
      code: 'lion-lr-far-smaller',
      key: 'lr',
      message: `Lion's learning rate is ${ratioText(lrFactor)} smaller than AdamW's (${lion.lr} vs ${adamw.lr}), beyond the ${minFactor}–${maxFactor}× its authors advise`,
    });
  }
  if (lion.weightDecay <= adamw.weightDecay) {
    warnings.push({
      code: 'lion-wd-not-larger',
      key: 'weightDecay',
      message: `Lion's weight decay (${lion.weightDecay}) is not larger than AdamW's (${adamw.weightDecay}); its authors advise ${minWdFactor}–${maxWdFactor}× larger so that lr·wd stays about the same`,
    });
  }
  if (lion.beta2 === 0.999) {
    warnings.push({ code: 'lion-beta2-adamw-default', key: 'beta2', message: "Lion's β2 is 0.999, AdamW's default; Lion's authors use β = (0.9, 0.99)" });
  }
  return warnings;
}
