// The client's events carry the passive decoder's frames and the catalog's kinds: whoever
// imports the client sees those types too.
@_exported import WireFormat
