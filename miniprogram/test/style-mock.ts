// Stylesheets mean nothing to jsdom; imports of .scss/.css resolve here.
export default {};
