// The Vite asset imports the web app uses (vite/client declares them all, but only for ES modules).
declare module '*.css?url' {
  const href: string;
  export default href;
}
