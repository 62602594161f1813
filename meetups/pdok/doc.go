// Package pdok turns what a parent or organiser typed ("3512 JE", "Den
// Haag", "Kanaalweg 82, Utrecht") into a point on the map, using PDOK
// Locatieserver, the Dutch government's free geocoder over the BAG
// (addresses) and municipal boundaries.
//
// It is an adapter around the meetups domain: it implements
// meetups.Geocoder, so the dialog asks for a place without knowing that an
// HTTP service, a retry or a cache is involved. The pieces are:
//
//   - Normalize decides, without any request, whether the input can be a
//     postcode, a place name or a street address at all, and gives one
//     spelling per place so "3512 je" and "3512JE" share a cache entry,
//     as do "Kanaalweg 82-A, 3513 WM" and "kanaalweg 82a 3513WM";
//   - Client asks PDOK, with a short timeout and one retry, and translates
//     every failure into a meetups.Error code;
//   - Cached puts a Cache (the database) in front of any Geocoder, because
//     postcodes and addresses do not move and PDOK is a shared public
//     service.
//
// What a parent types may be part of their address, so no error or log
// line made here contains it.
package pdok
