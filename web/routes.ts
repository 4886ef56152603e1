import { type RouteConfig, index, route } from '@react-router/dev/routes';

export default [
  index('routes/index.tsx'),
  route('signup', 'routes/signup.tsx'),
  route('login', 'routes/login.tsx'),
  route('logout', 'routes/logout.tsx'),
  route('dashboard', 'routes/dashboard.tsx'),
  route('calendar', 'routes/calendar.tsx'),
  route('compose', 'routes/compose.tsx'),
  route('posts', 'routes/posts.tsx'),
  route('posts/:postId', 'routes/post.tsx'),
  route('posts/:postId/edit', 'routes/edit-post.tsx'),
  route('labels', 'routes/labels.tsx'),
  route('series', 'routes/series.tsx'),
  route('queue', 'routes/queue.tsx'),
  route('analytics', 'routes/analytics.tsx'),
  route('connections', 'routes/connections.tsx'),
  route('team', 'routes/team.tsx'),
  route('invitations/:token', 'routes/invitation.tsx'),
  route('settings', 'routes/settings.tsx'),
  route('settings/webhooks', 'routes/webhooks.tsx'),
  route('demo/:connectionId', 'routes/demo-feed.tsx'),
] satisfies RouteConfig;
