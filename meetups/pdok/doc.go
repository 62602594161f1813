// Package pdok turns what a parent typed ("3512 JE", "Den Haag") into a
// point on the map, using PDOK Locatieserver, the Dutch government's free
// geocoder over the BAG (addresses) and municipal boundaries.
//
// It is an adapter around the meetups domain: it implements
// meetups.Geocoder, so the dialog asks for a place without knowing that an
// HTTP service, a retry or a cache is involved. The pieces are:
//
//   - Normalize decides, without any request, whether the input can be a
//     postcode or a place name at all, and gives one spelling per place so
//     "3512 je" and "3512JE" share a cache entry;
//   - Client asks PDOK, with a short timeout and one retry, and translates
//     every failure into a meetups.Error code;
//   - Cached puts a Cache (the database) in front of any Geocoder, because
//     postcodes do not move and PDOK is a shared public service.
//
// What a parent types may be part of their address, so no error or log
// line made here contains it.
package pdok
