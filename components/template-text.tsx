import { Fragment, type ReactNode } from "react";

/**
 * A catalogue text with `{name}` slots filled by elements, e.g. "Saved {amount}" with a <Money>:
 * word order differs by language ("{amount} 절약"), so the text decides where the amount goes.
 */
export function TemplateText({
  text,
  values,
}: {
  text: string;
  values: Record<string, ReactNode>;
}) {
  return text.split(/(\{\w+\})/).map((part, index) => {
    const slot = /^\{(\w+)\}$/.exec(part)?.[1];
    return <Fragment key={index}>{slot === undefined ? part : values[slot]}</Fragment>;
  });
}
