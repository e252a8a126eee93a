import { Button, type ButtonProps, Text } from '@tarojs/components';
import type { ReactNode } from 'react';

export type ActionButtonProps = Omit<ButtonProps, 'children'> & { children: ReactNode };

/**
 * The one button of the member center. Two things Taro's H5 button gets wrong are handled here
 * for every page at once:
 *
 * - A disabled (or loading) H5 button still runs `onClick`: the web component only stops the
 *   click's propagation, while Taro's React binding listens on the element itself. So the tap
 *   is dropped here, and a greyed-out "积分不足" or "已签到" really does nothing.
 * - React writes a lone string child with `textContent`, which deletes the node that the web
 *   component's slot renders against; the next `loading` change then fails in `insertBefore`.
 *   Wrapping the label in a Text element keeps React's updates inside that element.
 * - The platform button draws its border with an absolutely placed ::after over the whole
 *   button, which would take a tap on the label away from it (`ui-action` lets taps through).
 */
export function ActionButton({
  children,
  className,
  disabled,
  loading,
  onClick,
  ...rest
}: ActionButtonProps) {
  const inert = Boolean(disabled || loading);
  return (
    <Button
      {...rest}
      className={className ? `ui-action ${className}` : 'ui-action'}
      disabled={Boolean(disabled)}
      loading={Boolean(loading)}
      aria-disabled={inert ? 'true' : undefined}
      onClick={(event) => {
        if (!inert) onClick?.(event);
      }}
    >
      <Text className="ui-button__label">{children}</Text>
    </Button>
  );
}
