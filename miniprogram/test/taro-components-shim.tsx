// Jest stand-in for @tarojs/components: each Taro component renders the plain DOM element it
// becomes in the H5 build, so tests can query text, roles and clicks with Testing Library.
// Taro-only props (hoverClass, openType, mode, ...) are dropped instead of leaking onto the DOM.
import { type CSSProperties, createElement, type ReactNode } from 'react';

interface TaroProps {
  className?: string;
  style?: CSSProperties | string;
  id?: string;
  children?: ReactNode;
  onClick?: (event: unknown) => void;
  [prop: string]: unknown;
}

const PASSTHROUGH = /^(aria-|data-)|^(role|id|className|onClick|src|alt|disabled|placeholder)$/;

function styleObject(style: TaroProps['style']): CSSProperties | undefined {
  if (typeof style !== 'string') return style;
  const entries = style
    .split(';')
    .map((rule) => rule.split(':').map((part) => part.trim()))
    .filter(([name, value]) => name && value)
    .map(([name, value]) => [name!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), value]);
  return Object.fromEntries(entries) as CSSProperties;
}

function domProps(props: TaroProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(props)) {
    if (PASSTHROUGH.test(name)) out[name] = value;
  }
  out.style = styleObject(props.style);
  return out;
}

function TaroElement({ tag, children, ...props }: TaroProps & { tag: string }) {
  return createElement(tag, domProps(props), children);
}

export const View = (props: TaroProps) => <TaroElement tag="div" {...props} />;
export const Text = (props: TaroProps) => <TaroElement tag="span" {...props} />;
export const ScrollView = (props: TaroProps) => <TaroElement tag="div" {...props} />;
export const Swiper = (props: TaroProps) => <TaroElement tag="div" {...props} />;
export const SwiperItem = (props: TaroProps) => <TaroElement tag="div" {...props} />;
export const Navigator = (props: TaroProps) => <TaroElement tag="a" {...props} />;
export const Image = (props: TaroProps) => <TaroElement tag="img" {...props} />;
export const Block = ({ children }: { children?: ReactNode }) => children;

// H5's <taro-button-core> is no native button: `disabled` greys it out, but a tap still reaches
// onClick. A native disabled <button> would swallow the click in React, hiding exactly the bug
// of a greyed-out button that still acts, so disabled is reported through aria-disabled only.
export function Button({ children, loading, type, disabled, ...props }: TaroProps) {
  return createElement(
    'button',
    {
      'aria-disabled': disabled ? 'true' : undefined,
      ...domProps(props),
      type: 'button',
      'aria-busy': loading ? 'true' : undefined,
      'data-type': type,
    },
    children,
  );
}

// Taro's Input reports `{ detail: { value } }`, which is what page code reads.
export function Input({ value, onInput, ...props }: TaroProps) {
  return createElement('input', {
    ...domProps(props),
    value: value ?? '',
    onChange: (event: { target: { value: string } }) => {
      if (typeof onInput === 'function') onInput({ detail: { value: event.target.value } });
    },
  });
}

// Taro's date Picker reports `{ detail: { value } }`; a date input stands in for it.
export function Picker({ value, onChange, children, ...props }: TaroProps) {
  return createElement(
    'label',
    domProps(props),
    children,
    createElement('input', {
      type: 'date',
      'aria-label': '选择日期',
      value: value ?? '',
      onChange: (event: { target: { value: string } }) => {
        if (typeof onChange === 'function') onChange({ detail: { value: event.target.value } });
      },
    }),
  );
}
