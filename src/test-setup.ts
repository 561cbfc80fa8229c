// Unit tests run in Node; storage tests need an IndexedDB implementation.
import 'fake-indexeddb/auto';
