/** @tarojs/components as plain DOM elements, keeping only the props the DOM understands. */
import { createElement, type ReactNode } from 'react'

type Props = Record<string, unknown> & { children?: ReactNode }

const DROPPED = new Set(['loading', 'size', 'mode', 'hoverClass', 'scrollY', 'scrollX', 'plain', 'lazyLoad'])

function domProps(props: Props): Props {
  const out: Props = {}
  for (const [key, value] of Object.entries(props)) {
    if (!DROPPED.has(key)) out[key] = value
  }
  return out
}

export const View = (props: Props) => createElement('div', domProps(props))
export const Text = (props: Props) => createElement('span', domProps(props))
export const Button = (props: Props) => createElement('button', { type: 'button', ...domProps(props) })
export const Image = (props: Props) => createElement('img', domProps(props))
export const ScrollView = (props: Props) => createElement('div', domProps(props))
