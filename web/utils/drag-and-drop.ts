// What the calendar's and the queue's drags share (@dnd-kit/core): where a drop lands, and
// how the arrow keys move a picked-up item from one drop target to the next.
import { closestCenter, pointerWithin, type CollisionDetection, type KeyboardCoordinateGetter } from '@dnd-kit/core';

/** Pointer drags land where the pointer is; keyboard drags on the nearest target. */
export const collisionDetection: CollisionDetection = (args) => (args.pointerCoordinates ? pointerWithin(args) : closestCenter(args));

/** Arrow keys move a picked-up item to the neighbouring drop target in that direction. */
export const nextTargetCoordinates: KeyboardCoordinateGetter = (
  event,
  { context: { collisionRect, droppableRects, droppableContainers } },
) => {
  const direction = ({ ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] } as Record<string, [number, number]>)[
    event.code
  ];
  if (!direction || !collisionRect) return undefined;
  event.preventDefault();
  const [dx, dy] = direction;
  const from = { x: collisionRect.left + collisionRect.width / 2, y: collisionRect.top + collisionRect.height / 2 };
  let best: { x: number; y: number } | undefined;
  let bestScore = Infinity;
  for (const container of droppableContainers.getEnabled()) {
    const rect = droppableRects.get(container.id);
    if (!rect) continue;
    const center = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    const along = (center.x - from.x) * dx + (center.y - from.y) * dy;
    const across = Math.abs((center.x - from.x) * dy) + Math.abs((center.y - from.y) * dx);
    if (along < 4) continue;
    const score = along + 3 * across;
    if (score < bestScore) {
      bestScore = score;
      best = center;
    }
  }
  return best ? { x: best.x - collisionRect.width / 2, y: best.y - collisionRect.height / 2 } : undefined;
};
