// Stand-in for the {fmt} header that Debian's LAMMPS headers (liblammps-dev, 29Sep2021) include but do not ship
// (liblammps bundles {fmt} v7 inside the library). It declares just enough for those headers to parse: the
// formatting templates of Error and utils are never instantiated by embed/lammps (it passes std::string messages,
// which select the non-template overloads); instantiating one is a compile-time error here.
#ifndef ECTMD_FMT_SHIM_H
#define ECTMD_FMT_SHIM_H
#include <cstddef>
#include <string>

namespace fmt {
inline namespace v7 {
class string_view {
 public:
  string_view(const char *s) : data_(s), size_(std::char_traits<char>::length(s)) {}
  string_view(const std::string &s) : data_(s.data()), size_(s.size()) {}
  const char *data() const { return data_; }
  std::size_t size() const { return size_; }
 private:
  const char *data_;
  std::size_t size_;
};
class format_args {};
template <typename T> struct ectmd_never { static constexpr bool value = false; };
template <typename... Args, typename S> format_args make_args_checked(const S &, const Args &...)
{
  static_assert(ectmd_never<S>::value, "embed/lammps: formatted LAMMPS messages are unavailable; pass a std::string");
  return {};
}
}    // namespace v7
}    // namespace fmt
#endif
