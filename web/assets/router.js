// Hash routes, so every view has a link of its own: #/check (the default), #/orders?filters,
// #/orders/{id}, #/groups/{id}, #/desk.
import { renderDesk, renderGroup, renderOrderList } from './order-list.js';
import { renderOrder } from './order-view.js';

/** {view, nav, id, params} of a location hash; anything unknown is the check. */
export function routeOf(hash) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(query);
  let id = null;
  try {
    id = parts[1] === undefined ? null : decodeURIComponent(parts[1]);
  } catch {
    return { view: 'check', nav: 'check', id: null, params };
  }
  if (parts[0] === 'orders' && id) return { view: 'order', nav: 'orders', id, params };
  if (parts[0] === 'orders') return { view: 'orders', nav: 'orders', id: null, params };
  if (parts[0] === 'groups' && id) return { view: 'group', nav: 'orders', id, params };
  if (parts[0] === 'desk') return { view: 'desk', nav: 'desk', id: null, params };
  return { view: 'check', nav: 'check', id: null, params };
}

/** Renders a port-order view into `root` (the check view is static and only shown). */
export function showRoute(root, ctx, route) {
  switch (route.view) {
    case 'orders':
      return renderOrderList(root, ctx, route.params);
    case 'order':
      return renderOrder(root, ctx, route.id);
    case 'group':
      return renderGroup(root, ctx, route.id);
    case 'desk':
      return renderDesk(root, ctx);
    default:
      return Promise.resolve();
  }
}
