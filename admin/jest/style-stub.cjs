// Stylesheets imported by components have no meaning in jsdom.
module.exports = {};
